using TraceLab.Events;
using TraceLab.Recorder.Frames;
using TraceLab.Recorder.Tests.Support;
using static TraceLab.Recorder.Tests.Support.FrameDecoding;

namespace TraceLab.Recorder.Tests.Frames;

/// <summary>The <c>transaction_ended</c> field probe 0.5 appends to StatementFinished (FORMAT.md, "Repeats left out"):
/// set, the frame stands for itself followed by a TransactionEnded with its prefix and the next seq; nil or absent, it
/// does not.</summary>
public sealed class Probe05TransactionEndedTests
{
    private static readonly FrameHeader H = new(9, 0, 0, 1_000_000, 10, 10, SecurityContext.None);

    private static readonly StatementFinished Finished = new(H, 8, FrameOutcome.Succeeded, "", 1);

    [Theory]
    [InlineData(0u, TransactionOutcome.Committed)]
    [InlineData(1u, TransactionOutcome.Aborted)]
    [InlineData(2u, TransactionOutcome.Prepared)]
    public void Reads_the_status_of_the_transaction_the_statement_ended(uint status, TransactionOutcome outcome)
    {
        var decoded = Decode(FieldPath.Replace(FrameEncoder.Fields(Finished), [12], status))
            .ShouldBeOfType<StatementFinished>();

        decoded.EndsTransaction.ShouldBe(outcome);
        decoded.ImpliedTransactionEnd.ShouldBe(new TransactionEnded(H with { Seq = 10 }, outcome));
    }

    [Fact]
    public void Reads_nil_as_a_statement_whose_transaction_goes_on()
    {
        var decoded = Decode(FrameEncoder.Fields(Finished)).ShouldBeOfType<StatementFinished>();

        decoded.EndsTransaction.ShouldBeNull();
        decoded.ImpliedTransactionEnd.ShouldBeNull();
    }

    [Fact]
    public void Reads_a_statement_of_probe_0_4_which_wrote_four_fields()
    {
        var decoded = Decode(FrameEncoder.Probe03Fields(Finished)).ShouldBeOfType<StatementFinished>();

        decoded.ShouldMatch(Finished);
    }

    [Fact]
    public void A_stored_batch_reads_as_the_stream_a_probe_writing_every_TransactionEnded_would_give()
    {
        var started = new StatementStarted(H with { Seq = 8 }, 42, "SELECT", StatementKind.Planned, StatementContext.TopLevel,
            "SELECT 1", Targets: []);
        var folded = Finished with { EndsTransaction = TransactionOutcome.Committed };
        var next = started with { Frame = H with { Seq = 11 }, Text = "SELECT 2" };
        byte[] bytes = [.. FrameEncoder.Encode(started), .. FrameEncoder.Encode(folded), .. FrameEncoder.Encode(next)];
        var batch = new FrameBatch(8, 11, 4, bytes, FrameBatchFacts.Of([]));

        var frames = FrameBatchDecoder.Decode(batch);

        frames.Select(f => f.GetType().Name).ShouldBe(["StatementStarted", "StatementFinished", "TransactionEnded", "StatementStarted"]);
        frames[2].ShouldBe(new TransactionEnded(H with { Seq = 10 }, TransactionOutcome.Committed));
        frames.Select(f => f.Frame.Seq).ShouldBe([8L, 9L, 10L, 11L]);
    }

    [Fact]
    public void A_batch_counts_the_implied_TransactionEnded_among_its_frames()
    {
        var folded = Finished with { EndsTransaction = TransactionOutcome.Aborted };

        FrameBatchDecoder.Decode(new FrameBatch(9, 10, 2, FrameEncoder.Encode(folded), FrameBatchFacts.Of([]))).Count.ShouldBe(2);
        var error = Should.Throw<StoredFramesException>(
            () => FrameBatchDecoder.Decode(new FrameBatch(9, 9, 1, FrameEncoder.Encode(folded), FrameBatchFacts.Of([]))));
        error.Message.ShouldBe("could not decode the stored frames 9–9");
        error.Detail.ShouldBe("The batch holds 2 frames where it declares 1.");
    }
}
