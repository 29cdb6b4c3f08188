namespace TraceLab.Recorder.Tests.Support;

/// <summary>A clock that always says <see cref="Now"/>.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
