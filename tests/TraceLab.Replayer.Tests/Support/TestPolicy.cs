using TraceLab.Policies;
using TraceLab.Policies.Model;

namespace TraceLab.Replayer.Tests.Support;

/// <summary>A policy decided by a predicate, so counterfactual tests say exactly which operations it blocks.</summary>
internal sealed class TestPolicy(string name, Func<Operation, Decision> decide) : IPolicy
{
    public string Name => name;

    public string Description => "A test policy.";

    public int Calls { get; private set; }

    public Verdict Evaluate(Operation operation)
    {
        Calls++;
        return decide(operation) switch
        {
            Decision.Blocked => Verdict.Block($"{name} blocks \"{operation.Command}\"", culpritIndex: operation.Chain.Count - 1),
            Decision.Warned => Verdict.Warn($"{name} warns about \"{operation.Command}\""),
            _ => Verdict.Allow(),
        };
    }

    /// <summary>Blocks operations whose command is one of <paramref name="commands"/>.</summary>
    public static TestPolicy Blocking(string name, params string[] commands) =>
        new(name, o => commands.Contains(o.Command) ? Decision.Blocked : Decision.Allowed);

    /// <summary>Blocks calls of functions whose object (<c>schema.name</c>) is one of <paramref name="functions"/>.</summary>
    public static TestPolicy BlockingCalls(string name, params string[] functions) =>
        new(name, o => o.Kind == OperationKind.FunctionCall && o.Objects.Any(functions.Contains) ? Decision.Blocked : Decision.Allowed);

    /// <summary>Warns about operations whose command is one of <paramref name="commands"/>.</summary>
    public static TestPolicy Warning(string name, params string[] commands) =>
        new(name, o => commands.Contains(o.Command) ? Decision.Warned : Decision.Allowed);
}
