using System.Globalization;
using TraceLab.Scenarios.Agreement;
using TraceLab.Scenarios.Results;

namespace TraceLab.Reports.Suites;

/// <summary>The words every suite format shares for the agreement matrix of <c>suite run --enforce</c>: a cell, the
/// summary line, and the lines that explain a cell that does not agree.</summary>
internal static class AgreementText
{
    /// <summary>How long a statement's text may be in a chain in short.</summary>
    private const int StatementLength = 48;

    /// <summary>What marks a cell in which an enforced ERROR was caught by a handler, which then ran.</summary>
    public const string HandlerMark = "handler";

    /// <summary>What marks a cell whose reality check did not change as predicted.</summary>
    public const string RealityMark = "reality";

    /// <summary><c>5/5</c>, <c>4/5 reality</c>, <c>3/3 handler</c>, or <c>could_not_run</c>: agreed of compared
    /// operations, and the marks.</summary>
    public static string Cell(AgreementResult cell)
    {
        if (cell.Tally is not { } tally)
        {
            return AgreementStatusNames.Of(AgreementStatus.CouldNotRun);
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"{tally.Agreed}/{tally.Total}");
        if (tally.Caught > 0)
        {
            text += " " + HandlerMark;
        }

        if (cell.Reality is { Agrees: false })
        {
            text += " " + RealityMark;
        }

        return text;
    }

    /// <summary>The line every format ends the matrix with: the overall agreement in percent, and the cells.</summary>
    public static string Summary(AgreementSummary summary)
    {
        var all = summary.Overall;
        return string.Create(CultureInfo.InvariantCulture,
            $"agreement: {all.PercentText} ({all.Agreed} of {all.Total} compared operations); {Cells(all)}; {Handlers(all)}; {Messages(all)}");
    }

    /// <summary><c>70 of 72 cells agree, 1 disagree, 1 could not run</c>.</summary>
    public static string Cells(AgreementCount count)
    {
        var total = count.Cells.Values.Sum();
        return string.Create(CultureInfo.InvariantCulture,
            $"{count.Cells[AgreementStatus.Agree]} of {total} cells agree, {count.Cells[AgreementStatus.Disagree]} disagree, {count.Cells[AgreementStatus.CouldNotRun]} could not run");
    }

    /// <summary><c>2 errors caught by a handler (3 predicted operations after them not compared, 1 handler operation
    /// ran)</c>.</summary>
    public static string Handlers(AgreementCount count) => string.Create(CultureInfo.InvariantCulture,
        $"{count.Caught} enforced errors caught by a handler ({count.HandlerWouldRun} handler_would_run operations not compared, {count.HandlerRan} handler_ran operations)");

    /// <summary><c>3 enforced messages differ from the replay's</c>: outcomes are compared, texts only counted.</summary>
    public static string Messages(AgreementCount count) => string.Create(CultureInfo.InvariantCulture,
        $"{count.MessagesDiffer} enforced messages differ from the replay's");

    /// <summary>The heading of a cell that does not agree: <c>trigger-on-insert under ddl-needs-trusted-chain:
    /// 2/3 agree</c>.</summary>
    public static string Heading(ScenarioResult scenario, AgreementResult cell) =>
        cell.Tally is { } tally
            ? string.Create(CultureInfo.InvariantCulture, $"{scenario.Scenario.Id} under {cell.Policy}: {tally.Agreed} of {tally.Total} operations agree")
            : $"{scenario.Scenario.Id} under {cell.Policy}: the enforced run could not run";

    /// <summary>The lines that explain a cell that does not agree (or could not run): every disagreeing operation with
    /// its chain in short and the messages, the reality check, the notes.</summary>
    public static IEnumerable<string> Details(AgreementResult cell)
    {
        if (cell.Error is { } error)
        {
            foreach (var line in SuiteText.ErrorLines(error))
            {
                yield return line;
            }

            if (error.Where is { } where)
            {
                yield return "at " + where;
            }
        }

        foreach (var comparison in cell.Tally?.Disagreements ?? [])
        {
            foreach (var line in Comparison(comparison))
            {
                yield return line;
            }
        }

        if (cell.Reality is { Agrees: false } reality)
        {
            yield return $"reality: {(reality.ExpectedChange == true ? "expected to change (the policy blocks the attack)" : "expected not to change")}, " +
                         $"\"{reality.Unenforced}\" unenforced and \"{reality.Enforced}\" enforced, from {reality.Query}";
        }

        foreach (var note in cell.Notes)
        {
            yield return "note: " + note;
        }
    }

    /// <summary>One disagreeing operation: <c>alice: ALTER ROLE: predicted blocked, actual allowed</c>, its chain, and
    /// the replay's and the probe's messages.</summary>
    public static IEnumerable<string> Comparison(OperationComparison comparison)
    {
        yield return $"{comparison.Session}: {comparison.Operation.Command}: predicted {EnforcedOutcomeNames.OfPredicted(comparison.Predicted)}, " +
                     $"actual {EnforcedOutcomeNames.Of(comparison.Actual)}" +
                     (comparison.Consequence is { } consequence ? $" ({ErrorConsequenceNames.Of(consequence)})"
                         : comparison.FailedWith is { } sqlState ? $" (failed with SQLSTATE {sqlState})" : "");
        yield return "  chain: " + Chain(comparison.Operation);
        if (comparison.Enclosing is { } enclosing)
        {
            yield return $"  absent because: its enclosing {enclosing.Command} ran and failed with SQLSTATE {enclosing.SqlState}";
        }

        if (comparison.ProbeMessage is { } probe)
        {
            foreach (var line in Message("probe", probe))
            {
                yield return line;
            }
        }

        if (comparison.PredictedMessage is { } replay)
        {
            foreach (var line in Message("replay", replay))
            {
                yield return line;
            }
        }
    }

    /// <summary>The chain in short: each entry's kind, object (a statement quoted and cut) and owner, root first.</summary>
    public static string Chain(ComparedOperation operation) =>
        operation.Chain.Count == 0
            ? "(none: the probe's decision names an operation the replay does not rebuild)"
            : string.Join(" > ", operation.Chain.Select(Link));

    private static string Link(ChainLink link)
    {
        var name = link.StatementText
            ? $"\"{TextShortener.Statement(link.ObjectName, StatementLength)}\""
            : link.ObjectName;
        return $"{link.Kind} {name} ({link.Owner}{(link.Candidate ? ", candidate" : "")}{(link.Inlined ? ", inlined" : "")}, {link.Phase})";
    }

    private static IEnumerable<string> Message(string who, EnforcementMessage message)
    {
        yield return $"  {who}: {message.Message}";
        if (message.Detail is { } detail)
        {
            yield return $"  {who} detail: {detail}";
        }

        if (message.Hint is { } hint)
        {
            yield return $"  {who} hint: {hint}";
        }
    }
}
