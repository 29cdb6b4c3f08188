using System.Globalization;

namespace TraceLab.Distributed.Storage;

/// <summary>One session's replay, stored by the worker that replayed it: the encoded
/// <c>SessionReplayResult</c> under the key (run id, session id).</summary>
/// <remarks>The key makes storing an upsert: a job redelivered after its worker died, or run twice by two workers that
/// both thought they owned it, overwrites the same document, so the coordinator counts each session exactly once.</remarks>
public sealed class SessionResultDocument
{
    /// <summary>The document key, <see cref="KeyOf"/> of the run and session.</summary>
    public string Id { get; init; } = "";

    /// <summary>The run the result belongs to.</summary>
    public Guid RunId { get; init; }

    /// <summary>The replayed session.</summary>
    public string SessionId { get; init; } = "";

    /// <summary>Events the replay read (the coordinator's progress counts them without decoding the result).</summary>
    public long EventsRead { get; init; }

    /// <summary>The worker that stored it, as <c>tracelab worker --name</c> gives it.</summary>
    public string Worker { get; init; } = "";

    /// <summary><c>SessionReplayResultCodec.Encode</c> of the session's replay, packed by <see cref="StoredResult"/>.</summary>
    public byte[] Result { get; init; } = [];

    /// <summary>The key of the result of <paramref name="sessionId"/> in run <paramref name="runId"/>.</summary>
    public static string KeyOf(Guid runId, string sessionId) =>
        string.Create(CultureInfo.InvariantCulture, $"{runId:N}/{sessionId}");
}
