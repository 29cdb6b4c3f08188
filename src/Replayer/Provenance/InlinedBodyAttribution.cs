using TraceLab.Events;

namespace TraceLab.Replayer.Provenance;

/// <summary>Finds the inlined calls whose body a call came from.</summary>
/// <remarks>
/// <para>
/// When the planner inlines a SQL function, the function never runs: the probe writes the call as an inlined
/// FunctionEntered under the plan, with the user functions its body may call (FORMAT.md, "Inlined calls"). Calls that
/// come from the inlined body and do run are ordinary calls of the statement, but PostgreSQL keeps their location
/// relative to the SQL function's own text (or -1), so they do not point at the called function in the statement's
/// text. Such a call is put back under the inlined call(s) it may have come from.
/// </para>
/// <para>
/// A call qualifies when it sits directly under a planned statement or a plan and its location is -1. The probe (0.4)
/// writes -1 for every location that does not point at the called function's name, or the operator, in the text the
/// server received (FORMAT.md, "FunctionEntered"), so a location of 0 or more is a call written in the statement; the
/// recorded text is not consulted, which also holds when <c>tracelab.capture_text</c> normalized or removed it. Its
/// candidates are
/// the inlined calls of the plan whose body may call the called function (or, through an aggregate, the aggregate):
/// for a planned statement, the calls its plan inlined (the latest plan with its query id, <see cref="AnalysisIndex"/>);
/// for an inlined call written under a plan (a function inlined inside another's body, location -1), the inlined calls
/// written before it under the same plan; for another call made while planning (const-folding an inlined body), the
/// plan's own inlined calls when some were written already (the probe writes an inlining in progress before such a
/// call), else those of the latest earlier plan of the same query.
/// </para>
/// <para>Each candidate is one origin path, the inlined call's own entries (what brought it, then its function entry);
/// <see cref="OriginPath"/> merges them with the stored definitions found for a call without a call site, so with
/// more than one, the entries not on every path are candidates.</para>
/// </remarks>
internal static class InlinedBodyAttribution
{
    /// <summary>Whether a call may have come from an inlined body at all: it sits under a planned statement or plan
    /// with inlined calls, and has no call site in the statement (location -1). Cheap, so that calls of plans that
    /// inlined nothing cost nothing.</summary>
    public static bool MayApply(FunctionEntered call, FrameNode parent) =>
        parent.Kind is FrameKind.PlannedStatement or FrameKind.Plan && call.Location == -1 && Candidates(call, parent).Count > 0;

    /// <summary>The paths of the inlined calls a call may have come from; empty when it was written in the statement.</summary>
    public static IReadOnlyList<IReadOnlyList<PathLink>> Paths(FunctionEntered call, FrameNode parent, IReadOnlySet<uint> calledOids)
    {
        if (!MayApply(call, parent))
        {
            return [];
        }

        var paths = new List<IReadOnlyList<PathLink>>();
        foreach (var inlined in Candidates(call, parent))
        {
            if (inlined.BodyFunctions.Any(calledOids.Contains))
            {
                paths.Add(inlined.Links);
            }
        }

        return paths;
    }

    private static IReadOnlyList<InlinedCall> Candidates(FunctionEntered call, FrameNode parent) =>
        parent.Kind == FrameKind.Plan && call.Inlined is null && parent.InlinedCalls.Count == 0
            ? parent.EarlierInlinedCalls
            : parent.InlinedCalls;
}
