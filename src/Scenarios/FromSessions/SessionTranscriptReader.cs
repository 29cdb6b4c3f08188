using TraceLab.Events;
using TraceLab.Store;

namespace TraceLab.Scenarios.FromSessions;

/// <summary>Reads a <see cref="SessionTranscript"/> from a recorded session's frames, in one pass.</summary>
public static class SessionTranscriptReader
{
    /// <summary>The transcript of <paramref name="session"/>, whose frames are <paramref name="frames"/>.</summary>
    public static async Task<SessionTranscript> ReadAsync(
        RecordedSessionSummary session, IAsyncEnumerable<IRecordedFrame> frames, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(frames);
        var statements = new List<TopLevelStatement>();
        var open = new Dictionary<long, int>();
        var roles = new Dictionary<uint, RoleDescribed>();
        var switchedTo = new HashSet<uint>();
        uint sessionUser = 0;
        long? ended = null;
        await foreach (var frame in frames.WithCancellation(ct))
        {
            switch (frame)
            {
                case SessionStarted started:
                    sessionUser = started.SessionUserOid;
                    break;
                case StatementStarted { Frame.Depth: 0, Frame.Parent: 0, Context: StatementContext.TopLevel } s:
                    open[s.Frame.Seq] = statements.Count;
                    // Unfinished until its StatementFinished says otherwise: a statement whose end is missing did
                    // not complete as recorded.
                    statements.Add(new TopLevelStatement(
                        s.Frame.Seq, s.CommandTag, s.Text, s.Frame.TimestampUs, null, true, s.Portal, s.Copy));
                    break;
                case StatementFinished f when open.Remove(f.StatementSeq, out var index):
                    statements[index] = statements[index] with
                    {
                        FinishedUs = f.Frame.TimestampUs,
                        Failed = f.Outcome == FrameOutcome.Failed,
                    };
                    break;
                case RoleDescribed role:
                    roles.TryAdd(role.RoleOid, role);
                    break;
                case RoleSwitched switched:
                    switchedTo.Add(switched.SessionUserOid);
                    switchedTo.Add(switched.OuterUserOid);
                    break;
                case SessionEnded end:
                    ended = end.Frame.TimestampUs;
                    break;
            }
        }

        switchedTo.Remove(0);
        return new SessionTranscript(session.SessionId, session.BackendStart, session.Database, session.BackendType,
            sessionUser, session.SessionUser, statements, ended, roles, switchedTo);
    }
}
