using System.Globalization;

namespace TraceLab.Reports;

/// <summary>The bounded set of operations a report that needs the whole picture first (the console table, HTML) keeps
/// while a replay streams past, and the count of those it left out.</summary>
/// <remarks>Operations every policy simply allowed are counted, not kept, unless <paramref name="listAllowed"/>: then
/// they are kept while there is room, and give way (earliest first) to operations some policy did not simply allow once
/// the selection is full. Of those, the first <paramref name="limit"/> are kept, in arrival order, and later ones only
/// counted.</remarks>
internal sealed class OperationSelection(int limit, bool listAllowed)
{
    private readonly List<ReplayedOperation> kept = [];

    /// <summary>The operations kept, in arrival order; never more than the limit.</summary>
    public IReadOnlyList<ReplayedOperation> Kept => kept;

    public int Limit => limit;

    /// <summary>Operations every policy allowed, counted but not kept.</summary>
    public long AllowedNotListed { get; private set; }

    /// <summary>Operations that would have been kept but came after the limit was reached.</summary>
    public long OverLimit { get; private set; }

    public void Offer(ReplayedOperation operation)
    {
        var interesting = Outcomes.IsNotSimplyAllowed(operation);
        if (!interesting && !listAllowed)
        {
            AllowedNotListed++;
        }
        else if (kept.Count < limit)
        {
            kept.Add(operation);
        }
        else if (!interesting)
        {
            AllowedNotListed++;
        }
        else if (listAllowed && EvictEarliestAllowed())
        {
            // A long trace must not push its blocks out of the report with the allowed operations that came first.
            kept.Add(operation);
        }
        else
        {
            OverLimit++;
        }
    }

    private bool EvictEarliestAllowed()
    {
        var index = kept.FindIndex(o => !Outcomes.IsNotSimplyAllowed(o));
        if (index < 0)
        {
            return false;
        }

        kept.RemoveAt(index);
        AllowedNotListed++;
        return true;
    }

    /// <summary>The sentences a report prints about what it left out; empty when it lists everything.</summary>
    public IReadOnlyList<string> Notes()
    {
        var notes = new List<string>(2);
        if (AllowedNotListed > 0)
        {
            notes.Add(AllowedNotListed == 1
                ? "1 operation every policy allowed is not listed."
                : Invariant($"{AllowedNotListed:N0} operations every policy allowed are not listed."));
        }

        if (OverLimit > 0)
        {
            notes.Add(Invariant(
                $"{OverLimit:N0} more {(OverLimit == 1 ? "operation" : "operations")} some policy did not simply allow {(OverLimit == 1 ? "was" : "were")} left out: the report lists at most {limit:N0}."));
        }

        return notes;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
