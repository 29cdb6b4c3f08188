using TraceLab.Scenarios.Format;

namespace TraceLab.Scenarios.Results;

/// <summary>One policy over a whole suite: its matrix cells counted, and what it caught and missed.</summary>
/// <param name="Cells">How many scenarios got each cell.</param>
/// <param name="AttacksCaught">Attack scenarios in which the policy blocked or warned about something.</param>
/// <param name="AttacksMissed">Attack scenarios that ran and in which it blocked and warned about nothing (false
/// negatives).</param>
/// <param name="BenignFlagged">Benign scenarios in which it blocked or warned about something (false positives).</param>
/// <param name="BenignClean">Benign scenarios that ran and in which it blocked and warned about nothing.</param>
/// <param name="AttacksProtected">Attack scenarios that ran and that PostgreSQL itself already stops
/// (<see cref="Scenario.ProtectedBy"/>): neither caught nor missed, whatever the policy did.</param>
public sealed record PolicyTally(
    string Policy,
    IReadOnlyDictionary<MatrixCell, int> Cells,
    int AttacksCaught,
    int AttacksMissed,
    int BenignFlagged,
    int BenignClean,
    int AttacksProtected)
{
    /// <summary>The tally of <paramref name="policy"/> over <paramref name="scenarios"/>; scenarios that could not run
    /// count nowhere.</summary>
    public static PolicyTally Of(string policy, IEnumerable<ScenarioResult> scenarios)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        var cells = Enum.GetValues<MatrixCell>().ToDictionary(c => c, _ => 0);
        int caught = 0, missed = 0, flagged = 0, clean = 0, protectedAttacks = 0;
        foreach (var scenario in scenarios)
        {
            var result = scenario.Policies.FirstOrDefault(p => p.Policy == policy);
            if (result is null)
            {
                continue;
            }

            cells[result.Cell]++;
            var acted = result.Actual.Blocked.Count > 0 || result.Actual.Warned.Count > 0;
            if (scenario.Scenario.Kind == ScenarioKind.Attack && scenario.Scenario.ProtectedBy is not null)
            {
                protectedAttacks++;
            }
            else if (scenario.Scenario.Kind == ScenarioKind.Attack)
            {
                _ = acted ? caught++ : missed++;
            }
            else
            {
                _ = acted ? flagged++ : clean++;
            }
        }

        return new PolicyTally(policy, cells, caught, missed, flagged, clean, protectedAttacks);
    }
}
