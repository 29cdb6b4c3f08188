namespace TraceLab.Recorder.Frames;

/// <summary>A frame that does not follow FORMAT.md; the spool reader turns it into a <c>SpoolException</c>.</summary>
/// <param name="detail">What is wrong, as a complete sentence: it becomes the error's detail.</param>
#pragma warning disable CA1032 // Internal and built in one way only; the public error is SpoolException.
internal sealed class FrameFormatException(string detail) : Exception(detail);
#pragma warning restore CA1032
