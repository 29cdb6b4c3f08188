using System.Globalization;

namespace TraceLab.Scenarios.Results;

/// <summary>The agreement matrix of <c>suite run --enforce</c> counted: compared operations and cells, overall and per
/// policy.</summary>
/// <param name="Overall">Every cell of the matrix.</param>
/// <param name="Policies">One per policy, in the order given.</param>
public sealed record AgreementSummary(AgreementCount Overall, IReadOnlyList<AgreementCount> Policies)
{
    /// <summary>The counts of <paramref name="scenarios"/> under <paramref name="policies"/>.</summary>
    public static AgreementSummary Of(IReadOnlyList<string> policies, IReadOnlyList<ScenarioResult> scenarios)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(scenarios);
        var cells = scenarios.SelectMany(s => s.Agreement).ToList();
        return new AgreementSummary(
            AgreementCount.Of(null, cells),
            [.. policies.Select(p => AgreementCount.Of(p, cells.Where(c => c.Policy == p)))]);
    }
}

/// <summary>Cells of the agreement matrix counted.</summary>
/// <param name="Policy">The policy, or <c>null</c> for every cell.</param>
/// <param name="Agreed">Compared operations that agree, over the cells that ran.</param>
/// <param name="Total">Compared operations, over the cells that ran.</param>
/// <param name="Cells">How many cells have each status.</param>
/// <param name="HandlerWouldRun">Predicted operations past a handler point (not compared).</param>
/// <param name="HandlerRan">Enforced operations on the real handler's path (not compared).</param>
/// <param name="Caught">The probe's ERRORs that a handler caught.</param>
/// <param name="MessagesDiffer">Compared operations whose probe message differs from the replay's
/// (<see cref="Agreement.AgreementTally.MessagesDiffer"/>).</param>
public sealed record AgreementCount(
    string? Policy,
    int Agreed,
    int Total,
    IReadOnlyDictionary<AgreementStatus, int> Cells,
    int HandlerWouldRun,
    int HandlerRan,
    int Caught,
    int MessagesDiffer)
{
    /// <summary>The share of compared operations that agree, in percent (100 when nothing was compared).</summary>
    public double Percent => Total == 0 ? 100 : 100.0 * Agreed / Total;

    /// <summary><see cref="Percent"/> as reports print it: one decimal, never rounded up to 100.0 while something
    /// disagrees; <c>null</c> when nothing was compared.</summary>
    public double? Shown => Total == 0 ? null : Math.Round(Agreed < Total ? Math.Min(Percent, 99.9) : Percent, 1);

    /// <summary><see cref="Shown"/> as text: <c>97.5%</c>, or <c>-</c> when nothing was compared.</summary>
    public string PercentText => Shown is { } shown ? shown.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-";

    /// <summary>The counts of <paramref name="cells"/>.</summary>
    public static AgreementCount Of(string? policy, IEnumerable<AgreementResult> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var list = cells.ToList();
        var ran = list.Select(c => c.Tally).OfType<Agreement.AgreementTally>().ToList();
        return new AgreementCount(
            policy,
            ran.Sum(t => t.Agreed),
            ran.Sum(t => t.Total),
            Enum.GetValues<AgreementStatus>().ToDictionary(s => s, s => list.Count(c => c.Status == s)),
            ran.Sum(t => t.HandlerWouldRun),
            ran.Sum(t => t.HandlerRan),
            ran.Sum(t => t.Caught),
            ran.Sum(t => t.MessagesDiffer));
    }
}
