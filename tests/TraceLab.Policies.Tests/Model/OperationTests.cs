using TraceLab.Policies.Model;
using TraceLab.Policies.Tests.Support;

namespace TraceLab.Policies.Tests.Model;

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

    [Fact]
    public void A_role_switch_is_in_the_role_switch_category_whatever_its_command()
    {
        var switched = Chains.Operation(
            "SET ROLE", OperationKind.RoleSwitch, Chains.Alice, Chains.Statement("SET ROLE mallory", Chains.Alice, "SET"));
        var operation = switched with { Switch = new RoleSwitchDetails(Chains.Alice, Chains.Mallory, Local: false) };

        operation.Category.ShouldBe(CommandCategory.RoleSwitch);
        CommandCategories.NameOf(operation.Category).ShouldBe("role-switch");
        CommandCategories.TryParseName("role-switch", out var parsed).ShouldBeTrue();
        parsed.ShouldBe(CommandCategory.RoleSwitch);
        operation.Switch.ShouldNotBeNull().OuterUser.ShouldBe(Chains.Mallory);
    }
}
