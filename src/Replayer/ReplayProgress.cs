namespace TraceLab.Replayer;

/// <summary>How far a replay has come: what a progress bar shows.</summary>
/// <param name="SessionsDone">Sessions replayed to their end.</param>
/// <param name="SessionsTotal">Sessions in the replay, when the engine was given a list; <c>null</c> for a stream.</param>
/// <param name="EventsRead">Events replayed so far, over all sessions.</param>
/// <param name="EventsTotal">Events in the replay, when every session states its <see cref="RecordedSession.EventCount"/>;
/// otherwise <c>null</c>.</param>
/// <param name="Operations">Operations replayed so far.</param>
/// <param name="Session">The session being replayed; <c>null</c> before the first and after the last.</param>
/// <remarks>The engine has no clock: rates and ETA are for the caller to compute from its own time source between two
/// reports.</remarks>
public readonly record struct ReplayProgress(
    int SessionsDone,
    int? SessionsTotal,
    long EventsRead,
    long? EventsTotal,
    long Operations,
    string? Session);
