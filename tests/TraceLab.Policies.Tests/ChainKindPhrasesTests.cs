using TraceLab.Policies.Tests.Support;

namespace TraceLab.Policies.Tests;

/// <summary>The DETAIL phrase and the ddl-needs-trusted-chain HINT for every kind of culprit.</summary>
public sealed class ChainKindPhrasesTests
{
    public static TheoryData<ChainEntryKind, string, string?, string, string> Kinds => new()
    {
        {
            ChainEntryKind.Rule, "rule r_log on mallory.t", null,
            "rule r_log on mallory.t owned by \"mallory\"",
            "Have a role that \"alice\" trusts own the table of rule r_log on mallory.t, or do not use it as \"alice\"."
        },
        {
            ChainEntryKind.Policy, "policy p_pos on mallory.t_rls", null,
            "row security policy p_pos on mallory.t_rls owned by \"mallory\"",
            "Have a role that \"alice\" trusts own the table of row security policy p_pos on mallory.t_rls, or do not use it as \"alice\"."
        },
        {
            ChainEntryKind.Default, "default of mallory.t.c", null,
            "column default of mallory.t.c owned by \"mallory\"",
            "Have a role that \"alice\" trusts own the table of column default of mallory.t.c, or do not use it as \"alice\"."
        },
        {
            ChainEntryKind.GeneratedColumn, "generated column mallory.t.g", null,
            "expression of generated column mallory.t.g owned by \"mallory\"",
            "Have a role that \"alice\" trusts own the table of generated column mallory.t.g, or do not use it as \"alice\"."
        },
        {
            ChainEntryKind.CheckConstraint, "check constraint t_c_check on mallory.t", null,
            "check constraint t_c_check on mallory.t owned by \"mallory\"",
            "Have a role that \"alice\" trusts own the table of check constraint t_c_check on mallory.t, or do not use it as \"alice\"."
        },
        {
            ChainEntryKind.DomainConstraint, "domain mallory.positive_int check positive_int_check", null,
            "domain mallory.positive_int check positive_int_check owned by \"mallory\"",
            "Have a role that \"alice\" trusts own domain mallory.positive_int, or do not use it as \"alice\"."
        },
        {
            ChainEntryKind.IndexExpression, "index t_idx_expr on mallory.t_idx", null,
            "index expression of index t_idx_expr on mallory.t_idx owned by \"mallory\"",
            "Have a role that \"alice\" trusts own the table of index t_idx_expr on mallory.t_idx, or do not use it as \"alice\"."
        },
        {
            ChainEntryKind.IndexPredicate, "index t_part_pred on mallory.t_part", null,
            "index predicate of index t_part_pred on mallory.t_part owned by \"mallory\"",
            "Have a role that \"alice\" trusts own the table of index t_part_pred on mallory.t_part, or do not use it as \"alice\"."
        },
        {
            ChainEntryKind.Aggregate, "mallory.sum(integer)", null,
            "aggregate mallory.sum(integer) owned by \"mallory\"",
            "Have a role that \"alice\" trusts own aggregate mallory.sum(integer), or do not use it as \"alice\"."
        },
        {
            ChainEntryKind.Operator, "mallory.=(integer, integer)", null,
            "operator mallory.=(integer, integer) owned by \"mallory\"",
            "Have a role that \"alice\" trusts own operator mallory.=(integer, integer) (an operator's owner need not own its function), "
            + "or do not use it as \"alice\"."
        },
        {
            ChainEntryKind.Cast, "(integer AS mallory.celsius)", null,
            "cast (integer AS mallory.celsius) whose function is owned by \"mallory\"",
            "Have a role that \"alice\" trusts own the function of cast (integer AS mallory.celsius), or do not use the cast as \"alice\"."
        },
        {
            ChainEntryKind.TypeIo, "mallory.complex", null,
            "type mallory.complex owned by \"mallory\"",
            "Have a role that \"alice\" trusts own type mallory.complex, or do not use it as \"alice\"."
        },
        {
            ChainEntryKind.EventTrigger, "et_log on ddl_command_end", null,
            "event trigger et_log on ddl_command_end owned by \"mallory\"",
            "Have a role that \"alice\" trusts own event trigger et_log on ddl_command_end, or do not run the commands it fires on as \"alice\"."
        },
        {
            ChainEntryKind.ForeignKey, "foreign key action", null,
            "foreign key action run as \"mallory\"",
            "Have a role that \"alice\" trusts own the tables of the foreign key, or do not modify them as \"alice\"."
        },
        {
            ChainEntryKind.PreparedStatement, "p_m", null,
            "prepared statement p_m prepared by \"mallory\"",
            "Have a role that \"alice\" trusts prepare statement p_m, or do not execute it as \"alice\"."
        },
        {
            ChainEntryKind.PreparedStatement, "", null,
            "unnamed prepared statement prepared by \"mallory\"",
            "Have a role that \"alice\" trusts prepare the statement, or do not execute it as \"alice\"."
        },
        {
            ChainEntryKind.Maintenance, "VACUUM FULL mallory.t", "VACUUM",
            "VACUUM running as \"mallory\"",
            "Have a role that \"alice\" trusts own the tables VACUUM processes, or do not run it as \"alice\"."
        },
        {
            ChainEntryKind.View, "mallory.v_bait", null,
            "view mallory.v_bait owned by \"mallory\"",
            "Have a role that \"alice\" trusts own view mallory.v_bait, or do not use it as \"alice\"."
        },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_kind_reads_as_a_phrase_and_has_its_hint(
        ChainEntryKind kind, string name, string? command, string phrase, string hint)
    {
        var culprit = Chains.Entry(kind, name, Chains.Mallory, command: command);
        var operation = Chains.Operation(
            "ALTER ROLE", OperationKind.UtilityCommand, Chains.Alice,
            Chains.Statement("SELECT 1", Chains.Alice),
            culprit,
            Chains.Function("mallory.f_evil()", Chains.Mallory),
            Chains.Utility("ALTER ROLE mallory SUPERUSER", "ALTER ROLE", Chains.Mallory));

        var verdict = BuiltInPolicies.DdlNeedsTrustedChain.Evaluate(operation);

        ChainSentence.Describe(culprit).ShouldBe(phrase);
        verdict.CulpritIndex.ShouldBe(1);
        verdict.Message.ShouldBe("user \"mallory\" may not induce user \"alice\" to execute \"ALTER ROLE\"");
        verdict.Detail.ShouldBe(
            $"Chain: statement entered by session user \"alice\" -> {phrase} (culprit) -> function mallory.f_evil() owned by \"mallory\" -> "
            + "ALTER ROLE executed as \"alice\".");
        verdict.Hint.ShouldBe(hint);
    }

    [Theory]
    [InlineData(ChainPhase.Planning, "function mallory.f() owned by \"mallory\" called while planning")]
    [InlineData(ChainPhase.Parse, "function mallory.f() owned by \"mallory\" called during parse analysis")]
    [InlineData(ChainPhase.Commit, "function mallory.f() owned by \"mallory\" called at commit")]
    [InlineData(ChainPhase.Execution, "function mallory.f() owned by \"mallory\"")]
    [InlineData(ChainPhase.Maintenance, "function mallory.f() owned by \"mallory\"")]
    public void A_function_says_when_it_was_called_where_that_explains_it(ChainPhase phase, string phrase)
    {
        ChainSentence.Describe(Chains.Entry(ChainEntryKind.Function, "mallory.f()", Chains.Mallory, phase)).ShouldBe(phrase);
    }

    [Theory]
    [InlineData(ChainPhase.Execution, "statement entered by session user \"alice\"")]
    [InlineData(ChainPhase.Utility, "statement entered by session user \"alice\"")]
    [InlineData(ChainPhase.Planning, "plan of a statement entered by session user \"alice\"")]
    [InlineData(ChainPhase.Commit, "COMMIT entered by session user \"alice\"")]
    [InlineData(ChainPhase.Parse, "parse analysis of a statement entered by session user \"alice\"")]
    public void A_root_statement_says_what_the_session_user_entered(ChainPhase phase, string phrase)
    {
        ChainSentence.Describe(Chains.Entry(ChainEntryKind.Statement, "SELECT 1", Chains.Alice, phase)).ShouldBe(phrase);
    }

    [Fact]
    public void A_maintenance_root_is_a_process_started_by_its_session_user()
    {
        var operation = Chains.Operation(
            "ALTER ROLE", OperationKind.UtilityCommand, Chains.Mallory,
            Chains.Entry(ChainEntryKind.Maintenance, "autovacuum: ANALYZE mallory.t", Chains.Alice, ChainPhase.Maintenance, "autovacuum", 1),
            Chains.Entry(ChainEntryKind.Maintenance, "autovacuum: ANALYZE mallory.t", Chains.Bob, ChainPhase.Maintenance, "autovacuum", 2));

        var verdict = BuiltInPolicies.DdlNeedsTrustedChain.Evaluate(operation);

        verdict.Detail.ShouldBe(
            "Chain: autovacuum started by session user \"alice\" -> autovacuum running as \"bob\" (culprit) -> ALTER ROLE executed as \"mallory\".");
        verdict.Hint.ShouldBe("Have a role that \"mallory\" trusts own the tables autovacuum processes, or do not run it as \"mallory\".");
    }

    [Fact]
    public void An_untrusted_maintenance_root_has_its_own_hint()
    {
        var operation = Chains.Operation(
            "ALTER ROLE", OperationKind.UtilityCommand, Chains.Mallory,
            Chains.Entry(ChainEntryKind.Maintenance, "logical replication apply", Chains.Bob, ChainPhase.Maintenance, "logical replication apply", 1));

        BuiltInPolicies.DdlNeedsTrustedChain.Evaluate(operation).Hint.ShouldBe(
            "Have a role that \"mallory\" trusts start logical replication apply, or do not run its code with the privileges of \"mallory\".");
    }
}
