using TraceLab.Policies.Model;
using TraceLab.Replayer;
using TraceLab.Replayer.Provenance;
using TraceLab.Scenarios.Naming;

namespace TraceLab.Scenarios.Agreement;

/// <summary>Turns a replayed operation into the form two runs of a scenario compare: the header's role names, and the
/// run's own database name and a parallel worker's leader left out.</summary>
internal static class ComparedOperations
{
    /// <summary>What every text says in place of a run's database name, which differs from run to run.</summary>
    public const string DatabasePlaceholder = "<database>";

    /// <summary><paramref name="operation"/> as compared, in <paramref name="names"/>' header names.</summary>
    public static ComparedOperation Of(Operation operation, RoleRenamer names) =>
        new(operation.Command, [.. operation.Chain.Select(e => Link(e, names))]);

    /// <summary><paramref name="text"/> in the header's names, with the run's database named by
    /// <see cref="DatabasePlaceholder"/>.</summary>
    public static string Restore(string text, RoleRenamer names) =>
        names.Restore(text).Replace(names.Database, DatabasePlaceholder, StringComparison.Ordinal);

    /// <summary>A verdict's or the probe's text, restored; <c>null</c> for none or empty.</summary>
    public static string? RestoreOrNull(string? text, RoleRenamer names) => string.IsNullOrEmpty(text) ? null : Restore(text, names);

    private static ChainLink Link(ChainEntry entry, RoleRenamer names)
    {
        var name = entry.ObjectName;
        name = name[..(name.Length - ParallelWorkerNote.Find(name).Length)];
        return new ChainLink(
            ReportNames.Of(entry.Kind),
            Restore(name, names),
            Restore(entry.Owner.DisplayName, names),
            ReportNames.Of(entry.Phase),
            entry.Candidate,
            entry.Inlined,
            !entry.Synthetic && entry.Kind is ChainEntryKind.Statement or ChainEntryKind.Query or ChainEntryKind.Utility or ChainEntryKind.Maintenance);
    }
}
