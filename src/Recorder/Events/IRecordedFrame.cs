namespace TraceLab.Events;

/// <summary>An event that was one probe frame.</summary>
public interface IRecordedFrame
{
    /// <summary>The frame's common prefix.</summary>
    FrameHeader Frame { get; }
}
