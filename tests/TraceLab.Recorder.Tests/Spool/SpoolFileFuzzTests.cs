using System.Buffers;
using System.Globalization;
using MessagePack;
using TraceLab.Files;
using TraceLab.Recorder.Spool;
using TraceLab.Recorder.Tests.Support;

namespace TraceLab.Recorder.Tests.Spool;

/// <summary>Random and mutated spool files (<see cref="SpoolMutator"/>) through the real reader and frame decoder: never
/// an exception outside the <see cref="SpoolException"/> family, never a hang, never an event that does not come whole
/// from a block whose CRC matched.</summary>
/// <remarks>
/// A fixed number of cases with a fixed seed runs in CI. <c>TRACELAB_FUZZ_CASES</c> and <c>TRACELAB_FUZZ_SEED</c> run
/// more, or others; <c>TRACELAB_FUZZ_CASE</c> runs one case alone. A failure names its seed and case, the mutations
/// that made it, and a copy of the input.
/// </remarks>
public sealed class SpoolFileFuzzTests : IDisposable
{
    private const int DefaultCases = 3000;
    private const int DefaultSeed = 20261207;
    private static readonly TimeSpan CaseBound = TimeSpan.FromSeconds(20);

    private readonly TestDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task Mutated_spool_files_never_crash_hang_or_yield_a_half_decoded_event()
    {
        var seed = Variable("TRACELAB_FUZZ_SEED") ?? DefaultSeed;
        var cases = Variable("TRACELAB_FUZZ_CASES") ?? DefaultCases;
        var only = Variable("TRACELAB_FUZZ_CASE");
        var path = Path.Combine(directory.Path, "1-1" + SpoolFileReader.FileExtension);
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = only ?? 0; i < (only + 1 ?? cases); i++)
        {
            var random = new Random(unchecked((int)(((uint)seed * 2_654_435_761u) ^ (uint)i)));
            byte[] file = [];
            var description = "";
            var finished = false;
            try
            {
                (file, description) = new SpoolMutator(random, SpoolCorpus.Instance).Next();
                finished = random.Next(2) == 0;
                await File.WriteAllBytesAsync(path, file, TestContext.Current.CancellationToken);
                var outcome = await Task.Run(() => Check(path, file, finished), TestContext.Current.CancellationToken)
                    .WaitAsync(CaseBound, TestContext.Current.CancellationToken);
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
            catch (Exception e) when (e is not OperationCanceledException || !TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                var saved = Path.Combine(Path.GetTempPath(), $"tracelab-fuzz-{seed}-{i}{SpoolFileReader.FileExtension}");
                await File.WriteAllBytesAsync(saved, file, TestContext.Current.CancellationToken);
                Assert.Fail($"Fuzz case {i} of seed {seed} ({description}; finished: {finished}) failed; the input is in {saved}. "
                    + $"Run it alone with TRACELAB_FUZZ_SEED={seed} TRACELAB_FUZZ_CASE={i}.{Environment.NewLine}"
                    + (e is TimeoutException ? $"It did not end within {CaseBound}." : e.ToString()));
            }
        }

        TestContext.Current.SendDiagnosticMessage(
            $"seed {seed}: " + string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}")));
    }

    /// <summary>Reads <paramref name="path"/> and checks every block it yields against the bytes themselves.</summary>
    /// <returns>How the read ended, for the statistics.</returns>
    private static string Check(string path, byte[] file, bool finished)
    {
        var blocks = new List<SpoolBlock>();
        SpoolException? error = null;
        try
        {
            foreach (var block in new SpoolFileReader(path).ReadBlocks(0, 0, finished ? () => "it is a fuzz case" : null))
            {
                blocks.Add(block);
            }
        }
        catch (SpoolException e)
        {
            error = e;
        }

        long? next = null;
        foreach (var block in blocks)
        {
            block.Offset.ShouldBe(next ?? block.Offset, "blocks follow each other");
            block.EndOffset.ShouldBeLessThanOrEqualTo(file.Length);
            var raw = file.AsSpan((int)block.Offset, (int)(block.EndOffset - block.Offset)).ToArray();
            var reader = new MessagePackReader(raw);
            reader.ReadArrayHeader().ShouldBe(2);
            var crc = reader.ReadUInt32();
            var payload = reader.ReadBytes() is { } bytes ? bytes.ToArray() : [];
            reader.End.ShouldBeTrue("a block is exactly [crc, payload]");
            Crc32C.Compute(payload).ShouldBe(crc, "events come only from blocks whose CRC matches");
            SpoolCorpus.FrameOffsets(payload).Count.ShouldBe(block.Events.Count,
                "every frame of a block is decoded whole");
            if (SpoolCorpus.Instance.TryGetEvents(raw, out var expected))
            {
                block.Events.Select(FrameAssert.Describe).ShouldBe(expected, "an intact block decodes as it did before");
            }

            next = block.EndOffset;
        }

        if (error is null)
        {
            return "read";
        }

        error.SpoolFile.ShouldBe(path);
        error.Message.ShouldNotBeNullOrWhiteSpace();
        error.Detail.ShouldEndWith(".");
        error.Hint.ShouldEndWith(".");
        (error.Offset ?? 0).ShouldBeInRange(0, file.Length);
        if (error.Message.StartsWith("unrecognized frame type", StringComparison.Ordinal))
        {
            // A newer probe's frame is damage like any other: the file is quarantined, never stored without it.
            error.IsFileDamaged.ShouldBeTrue();
            error.FrameNumber.ShouldNotBeNull();
            return "unknown frame type";
        }

        return error.IsFileDamaged ? "damaged" : "other error";
    }

    private static int? Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : null;
}
