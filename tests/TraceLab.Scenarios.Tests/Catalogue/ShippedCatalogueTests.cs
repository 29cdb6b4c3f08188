using TraceLab.Policies;

namespace TraceLab.Scenarios.Tests.Catalogue;

/// <summary>The shipped catalogue under <c>scenarios/</c>: every file parses, and states an expectation for every
/// built-in policy, so the suite judges every cell of its matrix.</summary>
public sealed class ShippedCatalogueTests
{
    private static readonly string Root = FindCatalogue();

    [Fact]
    public void Every_scenario_parses_and_ids_are_unique()
    {
        var scenarios = ScenarioCatalog.Load([Root]);

        scenarios.ShouldNotBeEmpty();
        scenarios.Select(s => s.Id).ShouldBeUnique();
    }

    [Fact]
    public void Every_scenario_expects_something_of_every_built_in_policy()
    {
        var missing = ScenarioCatalog.Load([Root])
            .SelectMany(s => BuiltInPolicies.Names.Where(p => s.ExpectationFor(p) is null).Select(p => $"{s.Id}: {p}"))
            .ToList();

        missing.ShouldBeEmpty("scenarios without an expectation for a built-in policy");
    }

    [Fact]
    public void Expectations_name_only_known_policies()
    {
        var unknown = ScenarioCatalog.Load([Root])
            .SelectMany(s => s.Expectations.Where(e => BuiltInPolicies.Find(e.Policy) is null).Select(e => $"{s.Id}: {e.Policy}"))
            .ToList();

        unknown.ShouldBeEmpty("expectations of policies that are not built in (a typo?)");
    }

    private static string FindCatalogue()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TraceLab.sln")))
            {
                return Path.Combine(directory.FullName, "scenarios");
            }
        }

        throw new InvalidOperationException($"No TraceLab.sln above {AppContext.BaseDirectory}.");
    }
}
