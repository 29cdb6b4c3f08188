using System.Diagnostics;
using System.Globalization;
using TraceLab.Policies.Catalog;
using TraceLab.Policies.Language;
using TraceLab.Policies.Model;
using TraceLab.Tests.Shared;

namespace TraceLab.IntegrationTests.Support.Evaluator;

/// <summary>The differential run of both agreement tests: random chains in batches, each batch compared between the
/// probe and C# under every built-in policy, the test's own policies and a few generated policies of its own.</summary>
/// <remarks>Each batch gets new generated policies, so a long run covers many of them; the run stops at the first
/// batch that disagrees, whose mismatches name the seed and batch that reproduce it.</remarks>
internal static class RandomChainBatches
{
    /// <summary>Compares <paramref name="total"/> chains from <paramref name="next"/> in batches of
    /// <paramref name="batchChains"/> with <paramref name="compare"/> (policies, chains, context for its messages), and
    /// writes to the test output what was compared and how long it took.</summary>
    /// <param name="own">The test's own policies and what the output calls them (<c>edge</c>, <c>template</c>).</param>
    /// <returns>How many chains were compared, and the mismatches of the batch that disagreed.</returns>
    public static async Task<(int Compared, List<string> Mismatches)> CompareAsync(
        int seed,
        int total,
        int batchChains,
        int generatedPerBatch,
        (string Kind, PolicyDefinition[] Policies) own,
        Func<TestChain> next,
        Func<PolicyDefinition[], TestChain[], string, Task<List<string>>> compare)
    {
        var builtIns = PolicyCatalog.Names.Select(n => PolicyCatalog.Find(n)!.Definition).ToArray();
        var clock = Stopwatch.StartNew();
        var compared = 0;
        var mismatches = new List<string>();
        for (var batch = 0; compared < total && mismatches.Count == 0; batch++)
        {
            var generated = Enumerable.Range(batch * generatedPerBatch, generatedPerBatch)
                .Select(s => PolicyFile.Parse(GeneratedPolicies.Text(s), $"generated-{s}.yaml"));
            PolicyDefinition[] definitions = [.. builtIns, .. own.Policies, .. generated];
            var chains = Enumerable.Range(0, Math.Min(batchChains, total - compared)).Select(_ => next()).ToArray();

            mismatches.AddRange(await compare(definitions, chains, $"seed {seed}, batch {batch}"));
            compared += chains.Length;
        }

        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{compared} chains, seed {seed}, each under {builtIns.Length} built-in, {own.Policies.Length} {own.Kind} and {generatedPerBatch} generated policies: {clock.Elapsed.TotalSeconds:F1} s"));
        return (compared, mismatches);
    }
}
