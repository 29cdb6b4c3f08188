using TraceLab.Errors;

namespace TraceLab.Recorder.Frames;

/// <summary>A frame that does not follow FORMAT.md; the spool reader turns it into a <c>SpoolException</c> that says
/// which file and offset, keeping <see cref="Problem"/> as its detail.</summary>
/// <param name="problem">What is wrong, as a complete sentence: it becomes the error's detail.</param>
#pragma warning disable CA1032 // Internal and built in one way only; the public error is SpoolException.
internal sealed class FrameFormatException(string problem) : TraceLabException("invalid frame", problem, null)
#pragma warning restore CA1032
{
    /// <summary>What is wrong, as a complete sentence (the <see cref="TraceLabException.Detail"/>, never null).</summary>
    public string Problem { get; } = problem;
}
