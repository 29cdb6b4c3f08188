using TraceLab.Policies.Model;

namespace TraceLab.Replayer.Provenance;

/// <summary>A call the planner inlined, as a later call from its body needs it: what the body may call and the entries
/// that put the inlined function into the chain.</summary>
/// <param name="FunctionOid">The inlined function.</param>
/// <param name="BodyFunctions">The user functions its body may call (FunctionEntered's <c>inlined</c>).</param>
/// <param name="Links">The inlined call's own entries, as the links of one candidate origin path: what brought the call
/// (a view, an operator, the earlier inlined call whose body it came from) and last its function entry, marked
/// <see cref="ChainEntry.Inlined"/>.</param>
internal sealed record InlinedCall(uint FunctionOid, IReadOnlyList<uint> BodyFunctions, IReadOnlyList<PathLink> Links);
