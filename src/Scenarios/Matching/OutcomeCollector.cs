using TraceLab.Policies.Model;
using TraceLab.Replayer;
using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Naming;

namespace TraceLab.Scenarios.Matching;

/// <summary>Turns a replay of a scenario's sessions into one <see cref="ObservedOutcome"/> per policy.</summary>
public static class OutcomeCollector
{
    /// <summary>What <paramref name="policy"/> blocked and warned about in <paramref name="report"/>, with the run's role
    /// names mapped back by <paramref name="renamer"/>; every culprit with its phase (<see cref="ObservedOutcome.As"/>
    /// keeps only the phases an expectation compares).</summary>
    public static ObservedOutcome Collect(ReplayReport report, string policy, RoleRenamer renamer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(renamer);
        var blocked = new HashSet<OperationKey>();
        var warned = new HashSet<OperationKey>();
        foreach (var replayed in report.Operations)
        {
            var verdict = replayed.Verdicts.FirstOrDefault(v => v.Policy == policy);
            var target = verdict?.Outcome switch
            {
                Outcome.Blocked => blocked,
                Outcome.Warned => warned,
                _ => null,
            };
            target?.Add(KeyOf(replayed.Operation, verdict!.Verdict, renamer));
        }

        return new ObservedOutcome(blocked, warned);
    }

    /// <summary>The command and culprit of <paramref name="verdict"/> on <paramref name="operation"/>, as the JSON report
    /// prints them, in the header's role names.</summary>
    public static OperationKey KeyOf(Operation operation, Verdict verdict, RoleRenamer renamer)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(renamer);
        CulpritKey? culprit = null;
        if (verdict.CulpritIndex is { } index && index < operation.Chain.Count)
        {
            var entry = operation.Chain[index];
            culprit = new CulpritKey(
                ReportNames.Of(entry.Kind), renamer.Restore(entry.ObjectName), renamer.Restore(entry.Owner.DisplayName))
            {
                Phase = ReportNames.Of(entry.Phase),
            };
        }

        return new OperationKey(operation.Command, culprit);
    }
}
