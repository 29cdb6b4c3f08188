using TraceLab.Policies.Model;
using TraceLab.Replayer.Provenance;

namespace TraceLab.Reports;

/// <summary>How every human-readable format names a chain entry: <c>view mallory.v_bait (mallory, rewrite)</c>.</summary>
internal static class ChainText
{
    /// <summary>One entry with its owner and phase; candidates and inlined calls are marked after the owner.</summary>
    public static string Describe(ChainEntry entry, int maxStatementLength) =>
        $"{Label(entry, maxStatementLength)} ({entry.Owner.DisplayName}{Marks(entry)}, {ReportNames.Of(entry.Phase)})";

    /// <summary>What every text format writes after an entry's owner: <c>, candidate</c>, <c>, inlined</c>, both or
    /// nothing.</summary>
    public static string Marks(ChainEntry entry) => (entry.Candidate, entry.Inlined) switch
    {
        (true, true) => ", candidate, " + ReportNames.Inlined,
        (true, false) => ", candidate",
        (false, true) => ", " + ReportNames.Inlined,
        _ => "",
    };

    /// <summary>Kind and object, without saying the kind twice where the object names it (<c>rule r_log on
    /// mallory.t</c>, not <c>rule rule r_log …</c>); statement texts are quoted and cut to
    /// <paramref name="maxStatementLength"/>.</summary>
    public static string Label(ChainEntry entry, int maxStatementLength)
    {
        var (prefix, name) = Parts(entry, maxStatementLength);
        if (IsStatement(entry))
        {
            var note = ParallelWorkerNote.Find(name);
            name = $"\"{name[..(name.Length - note.Length)]}\"{note}";
        }

        return prefix.Length == 0 ? name : name.Length == 0 ? prefix : $"{prefix} {name}";
    }

    /// <summary>The words that say what the entry is (<c>view</c>, <c>index expression of</c>; empty where the object
    /// names its kind itself) and the object's display text (a statement cut to fit, unquoted).</summary>
    public static (string Prefix, string Object) Parts(ChainEntry entry, int maxStatementLength)
    {
        if (entry.Synthetic)
        {
            return ("", entry.ObjectName);
        }

        return entry.Kind switch
        {
            ChainEntryKind.Statement or ChainEntryKind.Query or ChainEntryKind.Utility or ChainEntryKind.Maintenance =>
                (ReportNames.Of(entry.Kind), Shorten(entry.ObjectName, maxStatementLength)),
            ChainEntryKind.Rule or ChainEntryKind.Policy or ChainEntryKind.Default or ChainEntryKind.GeneratedColumn
                or ChainEntryKind.CheckConstraint or ChainEntryKind.DomainConstraint or ChainEntryKind.ForeignKey =>
                ("", entry.ObjectName),
            ChainEntryKind.IndexExpression => ("index expression of", entry.ObjectName),
            ChainEntryKind.IndexPredicate => ("index predicate of", entry.ObjectName),
            ChainEntryKind.TypeIo => ("type", entry.ObjectName),
            ChainEntryKind.PreparedStatement =>
                entry.ObjectName.Length == 0 ? ("unnamed prepared statement", "") : ("prepared statement", entry.ObjectName),
            _ => (ReportNames.Of(entry.Kind), entry.ObjectName),
        };
    }

    /// <summary>Whether the entry's object is a statement text (quoted and cut in tables, set in code elsewhere).</summary>
    public static bool IsStatement(ChainEntry entry) =>
        !entry.Synthetic
        && entry.Kind is ChainEntryKind.Statement or ChainEntryKind.Query or ChainEntryKind.Utility or ChainEntryKind.Maintenance;

    /// <summary>A statement text cut to fit, with a parallel worker's note kept whole after it.</summary>
    public static string Shorten(string text, int max)
    {
        var note = ParallelWorkerNote.Find(text);
        return TextShortener.Statement(text[..(text.Length - note.Length)], max) + note;
    }
}
