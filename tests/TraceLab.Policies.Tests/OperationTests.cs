using TraceLab.Policies.Tests.Support;

namespace TraceLab.Policies.Tests;

public sealed class OperationTests
{
    [Fact]
    public void An_operation_needs_a_chain()
    {
        Should.Throw<ArgumentException>(() => new Operation(
            "s", "db", 1, "SELECT", OperationKind.PlannedStatement, Chains.Alice, Chains.Alice, [], RoleCatalog.Empty));
    }

    [Fact]
    public void The_category_follows_the_command_tag()
    {
        Chains.ViewAttack().Category.ShouldBe(CommandCategory.Role);
        Chains.BenignBob().Category.ShouldBe(CommandCategory.Ddl);
    }

    [Fact]
    public void A_function_call_is_in_the_function_call_category()
    {
        var operation = Chains.Operation(
            Operation.FunctionCallCommand, OperationKind.FunctionCall, Chains.Alice,
            Chains.Statement("SELECT 1", Chains.Alice), Chains.Function("mallory.f_evil(integer)", Chains.Mallory));

        operation.Category.ShouldBe(CommandCategory.FunctionCall);
        operation.Entry.Kind.ShouldBe(ChainEntryKind.Function);
    }
}
