using TraceLab.Distributed.Policies;
using TraceLab.Policies.Catalog;
using TraceLab.Policies.Language;

namespace TraceLab.Distributed.Tests.Policies;

public sealed class PolicyContentHashTests
{
    private static PolicyDefinition BuiltIn(string name) =>
        PolicyCatalog.Find(name)?.Definition ?? throw new InvalidOperationException(name);

    [Fact]
    public void The_same_definitions_hash_alike_and_a_hash_is_64_hexadecimal_digits()
    {
        // Given the same built-ins, read once
        var first = PolicyContentHash.Of([BuiltIn("permissive"), BuiltIn("ddl-needs-trusted-chain")]);
        var again = PolicyContentHash.Of([BuiltIn("permissive"), BuiltIn("ddl-needs-trusted-chain")]);

        // Then the hashes are equal and well formed
        again.ShouldBe(first);
        first.ShouldMatch("^[0-9a-f]{64}$");
    }

    [Fact]
    public void A_comment_more_in_a_file_the_order_of_the_policies_and_a_missing_policy_each_change_the_hash()
    {
        // Given a built-in and the same text with one comment more
        var permissive = BuiltIn("permissive");
        var edited = PolicyFile.Parse(permissive.Source + "\n# edited\n", "edited.yaml");
        var ddl = BuiltIn("ddl-needs-trusted-chain");
        var both = PolicyContentHash.Of([permissive, ddl]);

        // Then every difference shows
        PolicyContentHash.Of([edited, ddl]).ShouldNotBe(both);
        PolicyContentHash.Of([ddl, permissive]).ShouldNotBe(both);
        PolicyContentHash.Of([permissive]).ShouldNotBe(both);
    }

    [Fact]
    public void A_workers_file_of_a_built_ins_name_wins_over_the_built_in()
    {
        // Given a worker with a file called "permissive" that says more than the built-in
        var file = PolicyFile.Parse(BuiltIn("permissive").Source + "\n# the worker's own\n", "permissive.yaml");
        var policies = new WorkerPolicies([file]);

        // Then the file is the worker's "permissive", the other built-ins are there, and unknown names are not
        policies.Find("PERMISSIVE").ShouldNotBeNull().Definition.ShouldBe(file);
        policies.Find("ddl-needs-trusted-chain").ShouldNotBeNull().Definition.ShouldBe(BuiltIn("ddl-needs-trusted-chain"));
        policies.Find("mine").ShouldBeNull();
    }
}
