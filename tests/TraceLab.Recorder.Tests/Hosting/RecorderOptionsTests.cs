using TraceLab.Recorder.Hosting;

namespace TraceLab.Recorder.Tests.Hosting;

public sealed class RecorderOptionsTests
{
    [Fact]
    public void Defaults_to_a_60_second_quiet_period_and_a_quarantine_directory_inside_the_spool_directory()
    {
        var options = new RecorderOptions { EventStoreConnectionString = "Host=localhost" };

        options.QuietPeriod.ShouldBe(TimeSpan.FromSeconds(60));
        options.QuarantineDirectory.ShouldBe("quarantine");
        options.Validate().ShouldBeEmpty();
    }

    [Fact]
    public void Rejects_a_negative_or_overlong_quiet_period_and_an_empty_quarantine_directory()
    {
        RecorderOptions Options(TimeSpan quiet, string quarantine) =>
            new() { EventStoreConnectionString = "Host=localhost", QuietPeriod = quiet, QuarantineDirectory = quarantine };

        Options(TimeSpan.FromSeconds(-1), "q").Validate().ShouldBe(["TraceLab:Recorder:QuietPeriod must be between 0 and 1 day."]);
        Options(TimeSpan.FromDays(2), "q").Validate().ShouldBe(["TraceLab:Recorder:QuietPeriod must be between 0 and 1 day."]);
        Options(TimeSpan.Zero, " ").Validate().ShouldBe(["TraceLab:Recorder:QuarantineDirectory must not be empty."]);
    }

    [Fact]
    public void Rejects_a_batch_size_out_of_range_naming_the_environment_variable_that_sets_it()
    {
        RecorderOptions Options(int events) => new() { EventStoreConnectionString = "Host=localhost", MaxEventsPerBatch = events };
        const string Problem =
            "TraceLab:Recorder:MaxEventsPerBatch (TRACELAB_MAX_EVENTS_PER_BATCH) must be a whole number between 1 and 100000.";

        Options(0).Validate().ShouldBe([Problem]);
        Options(100_001).Validate().ShouldBe([Problem]);
        Options(1).Validate().ShouldBeEmpty();
        Options(100_000).Validate().ShouldBeEmpty();
    }
}
