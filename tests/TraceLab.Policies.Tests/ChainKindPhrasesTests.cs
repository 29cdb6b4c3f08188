using TraceLab.Policies.Model;
using TraceLab.Policies.Tests.Support;

namespace TraceLab.Policies.Tests;

/// <summary>The chain phrase, the DETAIL link and the HINT of the policy language for every kind of culprit.</summary>
public sealed class ChainKindPhrasesTests
{
    public static TheoryData<ChainEntryKind, string, string?, string, string, string, string> Kinds => new()
    {
        {
            ChainEntryKind.Rule, "rule r_log on mallory.t", null, "rule r_log on mallory.t owned by \"mallory\"",
            "rule r_log on mallory.t owned by \"mallory\"", "applied to", "do not modify the table of rule r_log on mallory.t as \"alice\""
        },
        {
            ChainEntryKind.Policy, "policy p_pos on mallory.t_rls", null, "row security policy p_pos on mallory.t_rls owned by \"mallory\"",
            "row security policy p_pos on mallory.t_rls owned by \"mallory\"", "applied to",
            "do not use the table of row security policy p_pos on mallory.t_rls as \"alice\""
        },
        {
            ChainEntryKind.Default, "default of mallory.t.c", null, "column default of mallory.t.c owned by \"mallory\"",
            "default of mallory.t.c owned by \"mallory\"", "evaluated for", "do not write rows that need the default of mallory.t.c as \"alice\""
        },
        {
            ChainEntryKind.GeneratedColumn, "generated column mallory.t.g", null, "expression of generated column mallory.t.g owned by \"mallory\"",
            "generated column mallory.t.g owned by \"mallory\"", "evaluated for",
            "do not write rows that need the generated column mallory.t.g as \"alice\""
        },
        {
            ChainEntryKind.CheckConstraint, "check constraint t_c_check on mallory.t", null,
            "check constraint t_c_check on mallory.t owned by \"mallory\"",
            "check constraint t_c_check on mallory.t owned by \"mallory\"", "checked for",
            "do not write rows checked by check constraint t_c_check on mallory.t as \"alice\""
        },
        {
            ChainEntryKind.DomainConstraint, "domain mallory.positive_int check positive_int_check", null,
            "domain mallory.positive_int check positive_int_check owned by \"mallory\"",
            "domain mallory.positive_int check positive_int_check owned by \"mallory\"", "checked for",
            "do not use domain mallory.positive_int as \"alice\""
        },
        {
            ChainEntryKind.IndexExpression, "index t_idx_expr on mallory.t_idx", null,
            "index expression of index t_idx_expr on mallory.t_idx owned by \"mallory\"",
            "expression of index t_idx_expr on mallory.t_idx owned by \"mallory\"", "evaluated for",
            "do not write to or maintain the table of index t_idx_expr on mallory.t_idx as \"alice\""
        },
        {
            ChainEntryKind.IndexPredicate, "index t_part_pred on mallory.t_part", null,
            "index predicate of index t_part_pred on mallory.t_part owned by \"mallory\"",
            "predicate of index t_part_pred on mallory.t_part owned by \"mallory\"", "evaluated for",
            "do not write to or maintain the table of index t_part_pred on mallory.t_part as \"alice\""
        },
        {
            ChainEntryKind.Aggregate, "mallory.sum(integer)", null, "aggregate mallory.sum(integer) owned by \"mallory\"",
            "aggregate mallory.sum(integer) owned by \"mallory\"", "used by", "do not use aggregate mallory.sum(integer) as \"alice\""
        },
        {
            ChainEntryKind.Operator, "mallory.=(integer, integer)", null, "operator mallory.=(integer, integer) owned by \"mallory\"",
            "operator mallory.=(integer, integer) owned by \"mallory\"", "used by",
            "do not use operator mallory.=(integer, integer) as \"alice\" (an operator's owner need not own its function)"
        },
        {
            ChainEntryKind.Cast, "(integer AS mallory.celsius)", null, "cast (integer AS mallory.celsius) whose function is owned by \"mallory\"",
            "cast (integer AS mallory.celsius) whose function is owned by \"mallory\"", "used by",
            "do not use cast (integer AS mallory.celsius) as \"alice\""
        },
        {
            ChainEntryKind.TypeIo, "mallory.complex", null, "type mallory.complex owned by \"mallory\"",
            "type mallory.complex owned by \"mallory\"", "used by", "do not convert values of type mallory.complex as \"alice\""
        },
        {
            ChainEntryKind.EventTrigger, "et_log on ddl_command_end", null, "event trigger et_log on ddl_command_end owned by \"mallory\"",
            "event trigger et_log on ddl_command_end owned by \"mallory\"", "fired by",
            "do not run the commands event trigger et_log on ddl_command_end fires on as \"alice\""
        },
        {
            ChainEntryKind.ForeignKey, "foreign key action", null, "foreign key action run as \"mallory\"",
            "foreign key action run as \"mallory\"", "run for", "do not modify the tables of the foreign key as \"alice\""
        },
        {
            ChainEntryKind.PreparedStatement, "p_m", null, "prepared statement p_m prepared by \"mallory\"",
            "prepared statement p_m prepared by \"mallory\"", "executed by", "do not execute prepared statement p_m as \"alice\""
        },
        {
            ChainEntryKind.PreparedStatement, "", null, "unnamed prepared statement prepared by \"mallory\"",
            "the unnamed prepared statement prepared by \"mallory\"", "executed by", "do not execute the unnamed prepared statement as \"alice\""
        },
        {
            ChainEntryKind.Maintenance, "VACUUM FULL mallory.t", "VACUUM", "VACUUM running as \"mallory\"",
            "VACUUM running as \"mallory\"", "run for", "do not run VACUUM as \"alice\""
        },
        {
            ChainEntryKind.View, "mallory.v_bait", null, "view mallory.v_bait owned by \"mallory\"",
            "view mallory.v_bait owned by \"mallory\"", "referenced by", "do not use view mallory.v_bait as \"alice\""
        },
        {
            ChainEntryKind.Trigger, "trg on mallory.t", null, "trigger trg on mallory.t owned by \"mallory\"",
            "trigger trg on mallory.t owned by \"mallory\"", "fired by", "do not modify the table of trigger trg on mallory.t as \"alice\""
        },
        {
            ChainEntryKind.Function, "mallory.outer()", null, "function mallory.outer() owned by \"mallory\"",
            "function mallory.outer() owned by \"mallory\"", "called from", "do not call function mallory.outer() as \"alice\""
        },
        {
            ChainEntryKind.Query, "SELECT mallory.f_evil()", "SELECT", "nested SELECT owned by \"mallory\"",
            "nested SELECT issued by \"mallory\"", "run by", "do not run the code that issues the nested SELECT as \"alice\""
        },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_kind_reads_as_a_phrase_and_has_its_link_and_hint(
        ChainEntryKind kind, string name, string? command, string phrase, string noun, string link, string avoid)
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
            $"Function mallory.f_evil() owned by \"mallory\" was called from {noun} (where \"mallory\" entered the chain), "
            + $"{link} the statement entered by session user \"alice\".");
        verdict.Hint.ShouldBe($"Trust \"mallory\" in the policy (trust: roles: {{alice: [mallory]}}), or {avoid}.");
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
            "Autovacuum running as \"bob\" (where \"bob\" entered the chain) was run for autovacuum started by session user \"alice\".");
        verdict.Hint.ShouldBe("Trust \"bob\" in the policy (trust: roles: {mallory: [bob]}), or do not run autovacuum as \"mallory\".");
    }

    [Fact]
    public void An_untrusted_maintenance_root_has_its_own_hint()
    {
        var operation = Chains.Operation(
            "ALTER ROLE", OperationKind.UtilityCommand, Chains.Mallory,
            Chains.Entry(ChainEntryKind.Maintenance, "logical replication apply", Chains.Bob, ChainPhase.Maintenance, "logical replication apply", 1));

        var verdict = BuiltInPolicies.DdlNeedsTrustedChain.Evaluate(operation);

        verdict.Detail.ShouldBe("Logical replication apply was started by session user \"bob\" (where \"bob\" entered the chain).");
        verdict.Hint.ShouldBe(
            "Trust \"bob\" in the policy (trust: roles: {mallory: [bob]}), "
            + "or do not run the code of logical replication apply with the privileges of \"mallory\".");
    }
}
