using TraceLab.Policies.Catalog;
using TraceLab.Policies.Language;

namespace TraceLab.Policies.Tests.Catalog;

public sealed class PolicyCatalogTests
{
    public static TheoryData<string> Names() => [.. PolicyCatalog.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_catalog_file_reads_back_to_the_same_policy(string name)
    {
        var builtIn = PolicyCatalog.Find(name).ShouldNotBeNull();

        PolicyFile.Check(builtIn.Source, $"{name}.yaml").ShouldBeEmpty();
        var again = PolicyFile.Parse(builtIn.Source, $"{name}.yaml");
        again.Name.ShouldBe(name);
        again.Description.ShouldBe(builtIn.Description);
        again.Rules.Select(r => (r.Name, r.Operations, r.Scope, r.Action, r.Trust.Membership, r.Trust.Infrastructure)).ShouldBe(
            builtIn.Definition.Rules.Select(r => (r.Name, r.Operations, r.Scope, r.Action, r.Trust.Membership, r.Trust.Infrastructure)));
        builtIn.Description.ShouldEndWith(".");
        builtIn.Description.ShouldNotContain("\n");
        builtIn.Source.ShouldStartWith($"name: {name}\n");
    }

    [Fact]
    public void Every_embedded_file_is_listed()
    {
        var embedded = typeof(PolicyCatalog).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("TraceLab.Policies.Catalog.", StringComparison.Ordinal))
            .Select(n => n["TraceLab.Policies.Catalog.".Length..^".yaml".Length]);

        embedded.Order().ShouldBe(PolicyCatalog.Names.Order());
    }

    [Theory]
    [InlineData("strict-trusted-chain", false)]
    [InlineData("./mine.yaml", true)]
    [InlineData("policies/mine", true)]
    [InlineData("mine.yml", true)]
    [InlineData("MINE.YAML", true)]
    public void A_policy_value_is_a_path_or_a_name(string value, bool path)
    {
        PolicyCatalog.IsPath(value).ShouldBe(path);
    }

    [Fact]
    public void Resolve_loads_a_file_by_path_and_a_built_in_by_name()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("tracelab-policy-").FullName, "mine.yaml");
        File.WriteAllText(file, "name: mine\ndescription: Mine.\nrules:\n  - {name: r, operations: [role], action: warn}\n");

        PolicyCatalog.Resolve(file).Name.ShouldBe("mine");
        PolicyCatalog.Resolve("Sandbox-Untrusted").ShouldBeSameAs(PolicyCatalog.Get("sandbox-untrusted"));
        Should.Throw<PolicyNotFoundException>(() => PolicyCatalog.Resolve("sandbox"));
        Should.Throw<PolicyFileException>(() => PolicyCatalog.Resolve("missing.yaml")).Message.ShouldBe("could not read policy file \"missing.yaml\"");
        File.Delete(file);
    }

    [Fact]
    public void A_file_with_a_misspelled_key_names_its_line_and_column()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("tracelab-policy-").FullName, "mine.yaml");
        File.WriteAllText(file, "name: mine\ndescription: A policy with a typo.\nrules:\n  - name: ddl\n    oprations: [ddl]\n    action: block\n");

        var error = Should.Throw<PolicyFileException>(() => PolicyCatalog.Resolve(file));

        error.Message.ShouldBe($"invalid policy file \"{file}\"");
        error.Detail.ShouldNotBeNull().ShouldContain("Line 5, column 5: unrecognized key \"oprations\"");
        PolicyFile.CheckFile(file).Count.ShouldBe(2);
        File.Delete(file);
    }
}
