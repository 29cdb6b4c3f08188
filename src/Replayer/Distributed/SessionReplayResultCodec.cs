namespace TraceLab.Replayer.Distributed;

/// <summary>Stores a <see cref="SessionReplayResult"/> as bytes (MessagePack, versioned) and reads it back.</summary>
public static class SessionReplayResultCodec
{
    /// <summary>The result as bytes.</summary>
    public static byte[] Encode(SessionReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        throw new NotImplementedException("The result codec is not written yet.");
    }

    /// <summary>The result <see cref="Encode"/> wrote.</summary>
    public static SessionReplayResult Decode(ReadOnlyMemory<byte> bytes) =>
        throw new NotImplementedException("The result codec is not written yet.");
}
