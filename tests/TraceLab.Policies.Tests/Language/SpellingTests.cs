using TraceLab.Policies.Catalog;
using TraceLab.Policies.Language;
using TraceLab.Policies.Model;

namespace TraceLab.Policies.Tests.Language;

/// <summary>Kinds and phases have one spelling, the one reports print; the dashed one policy files once required is an
/// alias with a warning.</summary>
public sealed class SpellingTests
{
    private static string WithEntryKinds(string kinds) =>
        $"name: mine\ndescription: A policy.\nrules:\n  - name: r\n    operations: [any]\n    when:\n      entry-kinds: {kinds}\n    action: block\n";

    public static TheoryData<ChainEntryKind> KindsPoliciesName() =>
        [.. ChainEntryKindNames.All.Where(k => k != ChainEntryKind.Statement)];

    [Theory]
    [MemberData(nameof(KindsPoliciesName))]
    public void Every_entry_kind_a_report_prints_is_read_by_a_policy_without_a_warning(ChainEntryKind kind)
    {
        var definition = PolicyFile.Parse(WithEntryKinds($"[{ChainEntryKindNames.Of(kind)}]"), "mine.yaml");

        definition.Warnings.ShouldBeEmpty();
        definition.Rules[0].When.EntryKinds.ShouldBe([kind]);
    }

    [Fact]
    public void Every_phase_a_report_prints_is_read_by_a_policy()
    {
        foreach (var phase in Enum.GetValues<ChainPhase>().Where(p => p != ChainPhase.Unknown))
        {
            var text = WithEntryKinds("[view]").Replace("entry-kinds: [view]", $"phases: [{ChainPhaseNames.Of(phase)}]", StringComparison.Ordinal);

            PolicyFile.Parse(text, "mine.yaml").Rules[0].When.Phases.ShouldBe([phase]);
        }
    }

    [Fact]
    public void An_old_dashed_entry_kind_is_read_with_a_warning_naming_the_new_spelling()
    {
        var definition = PolicyFile.Parse(WithEntryKinds("[view, generated-column, type-io]"), "mine.yaml");

        definition.Rules[0].When.EntryKinds.ShouldBe([ChainEntryKind.View, ChainEntryKind.GeneratedColumn, ChainEntryKind.TypeIo], ignoreOrder: true);
        definition.Warnings.Select(w => (w.Line, w.Column, w.Message, w.Hint)).ShouldBe(
        [
            (7, 27, "\"generated-column\" is an old spelling", "Write \"generated_column\"."),
            (7, 45, "\"type-io\" is an old spelling", "Write \"type_io\"."),
        ]);
        definition.Warnings[0].Describe().ShouldBe(
            "\"mine.yaml\", line 7, column 27: Reports and JSON spell this entry kind \"generated_column\", and so do policy files; "
            + "the old spelling is still read.");
    }

    [Fact]
    public void An_unknown_entry_kind_lists_the_one_spelling()
    {
        var error = PolicyFile.Check(WithEntryKinds("[generated]"), "mine.yaml").ShouldHaveSingleItem();

        error.Message.ShouldContain("generated_column");
        error.Message.ShouldNotContain("generated-column");
    }

    [Fact]
    public void No_built_in_policy_uses_an_old_spelling()
    {
        PolicyCatalog.BuiltIns.ShouldAllBe(p => p.Definition.Warnings.Count == 0);
    }
}
