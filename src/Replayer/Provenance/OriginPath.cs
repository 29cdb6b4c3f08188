using TraceLab.Policies.Model;

namespace TraceLab.Replayer.Provenance;

/// <summary>Identifies a link of a candidate path across paths: a view by its place in the analysis, stored code by
/// its kind and oids.</summary>
internal readonly record struct LinkKey(ChainEntryKind Kind, long First, long Second = 0);

/// <summary>One link of a candidate origin path.</summary>
internal readonly record struct PathLink(LinkKey Key, EntryDraft Entry);

/// <summary>Merges the candidate origins of one call into the entries inserted before it.</summary>
/// <remarks>
/// <para>
/// Each candidate is a path: a view path from the view the query named down to the view whose body has the call, or
/// one entry for a relation's stored code, a domain constraint or an aggregate (behind its view path, if a view
/// has it). With one distinct path its entries are inserted as they are. With several, the recording cannot tell
/// which was evaluated, and guessing would let a policy miss an untrusted owner: all paths are inserted (their union,
/// in order of first appearance) and entries that are not on every path are marked as candidates; entries every path
/// shares are certain and stay unmarked. Paths with the same links count once.
/// </para>
/// <para>When the call's own position is uncertain (a parallel worker, where every call looks stored), every entry is
/// marked as a candidate even if there is only one path: the call may as well have been written in the statement.</para>
/// <para>An entry that already is a candidate stays one: the path of an inlined call carries the candidates of its own
/// origin.</para>
/// </remarks>
internal static class OriginPath
{
    public static List<PathLink> Merge(IReadOnlyList<IReadOnlyList<PathLink>> paths, bool uncertain)
    {
        var distinct = new List<IReadOnlyList<PathLink>>();
        foreach (var path in paths)
        {
            if (path.Count > 0 && !distinct.Any(p => p.Select(l => l.Key).SequenceEqual(path.Select(l => l.Key))))
            {
                distinct.Add(path);
            }
        }

        if (distinct.Count == 0)
        {
            return [];
        }

        var union = new List<PathLink>();
        var seen = new HashSet<LinkKey>();
        foreach (var link in distinct.SelectMany(p => p))
        {
            if (seen.Add(link.Key))
            {
                union.Add(link);
            }
        }

        return
        [
            .. union.Select(link =>
            {
                var certain = !uncertain && distinct.All(p => p.Any(l => l.Key == link.Key));
                return link with { Entry = link.Entry with { Candidate = link.Entry.Candidate || !certain } };
            }),
        ];
    }
}
