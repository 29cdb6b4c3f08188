using TraceLab.Policies.Model;
using TraceLab.Policies.Tests.Support;

namespace TraceLab.Policies.Tests;

public sealed class ChainSentenceTests
{
    [Fact]
    public void Runs_from_the_entered_statement_to_the_command()
    {
        var sentence = ChainSentence.Format(Chains.BenignBob());

        sentence.ShouldBe(
            "Chain: statement entered by session user \"bob\" -> function bob.make_summary() owned by \"bob\" -> "
            + "CREATE TABLE executed as \"bob\".");
    }

    [Fact]
    public void A_top_level_command_is_its_own_root()
    {
        var operation = Chains.Operation(
            "ALTER ROLE", OperationKind.UtilityCommand, Chains.Bob,
            Chains.Statement("ALTER ROLE bob PASSWORD NULL", Chains.Alice, "ALTER ROLE"));

        ChainSentence.Format(operation, 0).ShouldBe(
            "Chain: statement entered by session user \"alice\" (culprit) -> ALTER ROLE executed as \"bob\".");
    }

    [Fact]
    public void Nested_statements_on_the_way_appear_by_command_tag()
    {
        var operation = Chains.Operation(
            "DROP TABLE", OperationKind.UtilityCommand, Chains.Alice,
            Chains.Statement("SELECT mallory.f()", Chains.Alice),
            Chains.Function("mallory.f()", Chains.Mallory),
            Chains.Query("SELECT mallory.g()", "SELECT", Chains.Mallory),
            Chains.Function("mallory.g()", Chains.Mallory, 11),
            Chains.Utility("DROP TABLE public.t", "DROP TABLE", Chains.Mallory, 12));

        ChainSentence.Format(operation, 1).ShouldBe(
            "Chain: statement entered by session user \"alice\" -> function mallory.f() owned by \"mallory\" (culprit) -> "
            + "nested SELECT owned by \"mallory\" -> function mallory.g() owned by \"mallory\" -> DROP TABLE executed as \"alice\".");
    }

    [Fact]
    public void A_culprit_command_names_who_issued_it()
    {
        var operation = Chains.Operation(
            "DROP TABLE", OperationKind.UtilityCommand, Chains.Alice,
            Chains.Statement("DO $$ ... $$", Chains.Alice, "DO"),
            Chains.Utility("DROP TABLE public.t", "DROP TABLE", Chains.Mallory));

        ChainSentence.Format(operation, 1).ShouldBe(
            "Chain: statement entered by session user \"alice\" -> DROP TABLE issued by \"mallory\" (culprit) and executed as \"alice\".");
    }

    [Fact]
    public void A_function_call_ends_with_the_function_and_its_executor()
    {
        var operation = Chains.Operation(
            Operation.FunctionCallCommand, OperationKind.FunctionCall, Chains.Alice,
            Chains.Statement("SELECT * FROM mallory.v_bait", Chains.Alice),
            Chains.View("mallory.v_bait", Chains.Mallory, candidate: true),
            Chains.Function("mallory.f_evil(integer)", Chains.Mallory));

        ChainSentence.Format(operation, 1).ShouldBe(
            "Chain: statement entered by session user \"alice\" -> view mallory.v_bait owned by \"mallory\" (candidate, culprit) -> "
            + "function mallory.f_evil(integer) owned by \"mallory\" -> EXECUTE FUNCTION executed as \"alice\".");
    }

    [Fact]
    public void A_synthetic_root_says_the_frame_was_not_recorded()
    {
        var root = new ChainEntry(ChainEntryKind.Statement, "unrecorded frame 7", RoleFacts.Unknown(0), 7, Synthetic: true);

        ChainSentence.Describe(root).ShouldBe("unrecorded frame 7 owned by an unknown role");
    }
}
