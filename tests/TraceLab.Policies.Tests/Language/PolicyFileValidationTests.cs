using TraceLab.Policies.Language;

namespace TraceLab.Policies.Tests.Language;

/// <summary>One test per error LANGUAGE.md documents: each names the line and column and what was expected.</summary>
public sealed class PolicyFileValidationTests
{
    private const string Header = "name: mine\ndescription: A policy.\n";

    private static PolicyError Single(string text)
    {
        var errors = PolicyFile.Check(text, "mine.yaml");
        errors.Count.ShouldBe(1, string.Join("\n", errors));
        return errors[0];
    }

    private static string Rule(string body) => Header + "rules:\n  - name: r\n" + body;

    [Fact]
    public void An_unrecognized_key_in_a_rule_names_its_place_the_expected_keys_and_a_suggestion()
    {
        var error = Single(Header + "rules:\n  - name: ddl\n    oprations: [ddl]\n    operations: [ddl]\n    action: block\n");

        (error.File, error.Line, error.Column).ShouldBe(("mine.yaml", 5, 5));
        error.Message.ShouldBe(
            "unrecognized key \"oprations\" in a rule; expected one of: name, operations, commands, objects, trust, scope, when, action, message");
        error.Hint.ShouldBe("Did you mean \"operations\"?");
        error.Describe().ShouldStartWith("Line 5, column 5: unrecognized key \"oprations\" in a rule;");
    }

    [Fact]
    public void An_unrecognized_top_level_key_is_an_error()
    {
        var error = Single(Header + "rule: []\nrules: []\ndefault: allow\n");

        error.Message.ShouldBe("unrecognized key \"rule\" at the top level; expected one of: name, description, default, rules");
        error.Hint.ShouldBe("Did you mean \"rules\"?");
    }

    [Fact]
    public void An_unrecognized_operation_kind_lists_the_valid_ones()
    {
        var error = Single(Rule("    operations: [dll]\n    action: block\n"));

        (error.Line, error.Column).ShouldBe((5, 18));
        error.Message.ShouldBe(
            "unrecognized operation kind \"dll\"; expected one of: function-execution, ddl, role, grant, dml-write, dml-read, "
            + "role-switch, copy-program, maintenance, any");
        error.Hint.ShouldBe("Did you mean \"ddl\"?");
    }

    [Fact]
    public void An_unrecognized_trust_setting_is_an_error()
    {
        var error = Single(Rule("    operations: [ddl]\n    trust:\n      superuser: false\n    action: block\n"));

        (error.Line, error.Column).ShouldBe((7, 7));
        error.Message.ShouldBe(
            "unrecognized trust setting \"superuser\" in trust; expected one of: self, superusers, membership, roles, infrastructure");
    }

    [Fact]
    public void An_unrecognized_membership_or_infrastructure_is_an_error()
    {
        var errors = PolicyFile.Check(
            Rule("    operations: [ddl]\n    trust:\n      membership: all\n      infrastructure: [type-output]\n    action: block\n"), "mine.yaml");

        errors.Select(e => e.Message).ShouldBe(
        [
            "unrecognized membership \"all\"; expected one of: none, direct, inherited",
            "unrecognized infrastructure \"type-output\"; expected one of: type-output-functions, operator-classes, superuser-owned, "
            + "extension-members",
        ]);
    }

    [Fact]
    public void An_unrecognized_scope_is_an_error()
    {
        var error = Single(Rule("    operations: [ddl]\n    scope: since-last-definer\n    action: block\n"));

        error.Message.ShouldBe("unrecognized scope \"since-last-definer\"; expected one of: whole-chain, since-last-switch, immediate-caller");
    }

    [Fact]
    public void An_unrecognized_action_is_an_error()
    {
        var error = Single(Rule("    operations: [ddl]\n    action: deny\n"));

        error.Message.ShouldBe("unrecognized action \"deny\"; expected one of: block, warn");
    }

    [Fact]
    public void A_rule_cannot_allow()
    {
        var error = Single(Rule("    operations: [ddl]\n    action: allow\n"));

        error.Message.ShouldBe("unrecognized action \"allow\"; expected one of: block, warn");
        error.Hint.ShouldBe("A rule only blocks or warns; operations it does not match get the policy's \"default\".");
    }

    [Fact]
    public void An_unrecognized_default_is_an_error()
    {
        var error = Single(Header + "default: deny\nrules: []\n");

        error.Message.ShouldBe("unrecognized default \"deny\"; expected one of: allow, warn, block");
    }

    [Fact]
    public void An_unrecognized_entry_kind_is_an_error()
    {
        var error = Single(Rule("    operations: [ddl]\n    when:\n      entry-kinds: [views]\n    action: block\n"));

        error.Message.ShouldStartWith("unrecognized entry kind \"views\"; expected one of: view, rule, policy, default,");
        error.Hint.ShouldBe("Did you mean \"view\"?");
    }

    [Fact]
    public void An_unrecognized_phase_is_an_error()
    {
        var error = Single(Rule("    operations: [ddl]\n    when:\n      phases: [plan]\n    action: block\n"));

        error.Message.ShouldBe(
            "unrecognized phase \"plan\"; expected one of: rewrite, planning, prepare, execution, utility, maintenance, commit, parse");
    }

    [Fact]
    public void An_unrecognized_condition_is_an_error()
    {
        var error = Single(Rule("    operations: [ddl]\n    when:\n      executor-superuser: true\n    action: block\n"));

        error.Message.ShouldBe(
            "unrecognized condition \"executor-superuser\" in when; expected one of: entry-kinds, phases, executor-is-superuser");
        error.Hint.ShouldBe("Did you mean \"executor-is-superuser\"?");
    }

    [Fact]
    public void A_missing_required_key_names_the_rule()
    {
        var error = Single(Rule("    operations: [ddl]\n"));

        (error.Line, error.Column).ShouldBe((4, 5));
        error.Message.ShouldBe("missing required key \"action\" in rule \"r\"");
    }

    [Fact]
    public void A_missing_name_or_description_is_an_error()
    {
        var errors = PolicyFile.Check("rules: []\ndefault: allow\n", "mine.yaml");

        errors.Select(e => e.Message).ShouldBe(["missing required key \"name\"", "missing required key \"description\""]);
        (errors[0].Line, errors[0].Column).ShouldBe((1, 1));
    }

    [Fact]
    public void A_duplicate_key_is_an_error_and_the_rest_is_still_checked()
    {
        var errors = PolicyFile.Check(Rule("    operations: [ddl]\n    action: block\n    action: warn\n    scope: nowhere\n"), "mine.yaml");

        errors.Select(e => (e.Line, e.Message)).ShouldBe(
        [
            (7, "duplicate key \"action\""),
            (8, "unrecognized scope \"nowhere\"; expected one of: whole-chain, since-last-switch, immediate-caller"),
        ]);
    }

    [Theory]
    [InlineData("    operations: ddl\n    action: block\n", "\"operations\" must be a list of operation kinds, not \"ddl\"")]
    [InlineData("    operations: [ddl]\n    trust: yes\n    action: block\n", "\"trust\" must be a mapping of trust settings, not \"yes\"")]
    [InlineData("    operations: [ddl]\n    trust: {self: yes}\n    action: block\n", "\"self\" must be true or false, not \"yes\"")]
    [InlineData("    operations: [ddl]\n    action: [block]\n", "\"action\" must be a action, not a list")]
    [InlineData("    operations: [ddl]\n    trust: {roles: [alice]}\n    action: block\n",
        "\"roles\" must map role names to lists of role names they trust, not a list")]
    [InlineData("    operations: []\n    action: block\n", "\"operations\" must list at least one of the operation kinds")]
    public void A_value_of_the_wrong_type_is_an_error(string body, string message)
    {
        Single(Rule(body)).Message.ShouldBe(message);
    }

    [Fact]
    public void A_duplicate_rule_name_is_an_error()
    {
        var error = Single(Header + "rules:\n  - {name: r, operations: [ddl], action: block}\n  - {name: r, operations: [role], action: warn}\n");

        (error.Line, error.Column).ShouldBe((5, 12));
        error.Message.ShouldBe("duplicate rule name \"r\"");
        error.Hint.ShouldBe("The first rule called \"r\" is at line 4; rename one of them.");
    }

    [Theory]
    [InlineData("My Policy", "policy", "my-policy")]
    [InlineData("strict_chain", "policy", "strict-chain")]
    public void A_bad_policy_name_is_an_error_with_a_suggestion(string name, string what, string suggestion)
    {
        var error = Single($"name: {name}\ndescription: d\ndefault: allow\nrules: []\n");

        error.Message.ShouldBe($"invalid {what} name \"{name}\"; a name has lower case letters, digits and single \"-\" between them");
        error.Hint.ShouldBe($"Call it \"{suggestion}\".");
    }

    [Fact]
    public void A_bad_rule_name_is_an_error()
    {
        Single(Header + "rules:\n  - {name: No DDL, operations: [ddl], action: block}\n").Message
            .ShouldStartWith("invalid rule name \"No DDL\";");
    }

    [Fact]
    public void Empty_rules_without_an_explicit_default_is_an_error()
    {
        var error = Single(Header + "rules: []\n");

        (error.Line, error.Column).ShouldBe((3, 8));
        error.Message.ShouldBe("policy has no rules");
        error.Hint.ShouldBe("Add a rule, or give the policy an explicit default (\"default: allow\") to decide every operation by it.");
    }

    [Fact]
    public void Empty_rules_with_an_explicit_default_is_the_permissive_form()
    {
        PolicyFile.Check(Header + "default: allow\nrules: []\n", "mine.yaml").ShouldBeEmpty();
    }

    [Fact]
    public void An_unrecognized_message_placeholder_is_an_error()
    {
        Single(Rule("    operations: [ddl]\n    action: block\n    message: \"{user} may not\"\n")).Message.ShouldBe(
            "unrecognized placeholder \"{user}\" in message; expected one of: {executor}, {culprit}, {command}");
    }

    [Fact]
    public void Invalid_yaml_is_reported_with_its_place()
    {
        var error = Single(Header + "rules: [\n");

        error.Message.ShouldStartWith("invalid YAML: ");
        error.Line.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void An_empty_file_is_an_error()
    {
        var error = Single("");

        (error.Line, error.Column).ShouldBe((0, 0));
        error.Describe().ShouldBe("Policy file is empty.");
    }

    [Fact]
    public void A_file_that_is_not_a_mapping_is_an_error()
    {
        Single("- name: x\n").Message.ShouldBe("a policy file must be a mapping with the keys name, description, default and rules");
    }

    [Fact]
    public void Every_error_of_a_file_is_reported_in_file_order()
    {
        var errors = PolicyFile.Check("""
            name: Mine
            descripton: typo
            rules:
              - name: a
                operations: [dll]
                action: block
              - name: a
                operations: [ddl]
                scope: everywhere
            """, "mine.yaml");

        errors.Select(e => e.Line).ShouldBe([1, 1, 2, 5, 7, 7, 9]);
    }

    [Fact]
    public void Parse_throws_a_postgresql_style_exception_with_every_error()
    {
        var error = Should.Throw<PolicyFileException>(() => PolicyFile.Parse(Rule("    oprations: [ddl]\n    action: block\n"), "mine.yaml"));

        error.Message.ShouldBe("invalid policy file \"mine.yaml\"");
        error.Detail.ShouldBe(
            "Line 4, column 5: missing required key \"operations\" in rule \"r\".\n"
            + "Line 5, column 5: unrecognized key \"oprations\" in a rule; expected one of: name, operations, commands, objects, trust, scope, "
            + "when, action, message.");
        error.Hint.ShouldBe("Did you mean \"operations\"?");
        error.Errors.Count.ShouldBe(2);
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_an_error()
    {
        var error = Should.Throw<PolicyFileException>(() => PolicyFile.Load("/nonexistent/mine.yaml"));

        error.Message.ShouldBe("could not read policy file \"/nonexistent/mine.yaml\"");
        error.Hint.ShouldBe("Check the path and its permissions.");
    }
}
