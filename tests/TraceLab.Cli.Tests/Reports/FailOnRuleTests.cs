using TraceLab.Cli.Reports;
using TraceLab.Replayer;
using TraceLab.Replayer.Output;

namespace TraceLab.Cli.Tests.Reports;

public sealed class FailOnRuleTests
{
    [Theory]
    [InlineData("blocked", Outcome.Blocked, null)]
    [InlineData("BLOCKED", Outcome.Blocked, null)]
    [InlineData("not_reached", Outcome.NotReached, null)]
    [InlineData("handler_would_run:p", Outcome.HandlerWouldRun, "p")]
    [InlineData("warned:strict-trusted-chain", Outcome.Warned, "strict-trusted-chain")]
    [InlineData("aborted: a ", Outcome.Aborted, "a")]
    public void Parses_an_outcome_and_an_optional_policy(string text, Outcome outcome, string? policy)
    {
        FailOnRule.Parse(text).ShouldBe(new FailOnRule(outcome, policy));
    }

    [Theory]
    [InlineData("block", "\"block\" is not an outcome")]
    [InlineData("not-reached", "\"not-reached\" is not an outcome")]
    [InlineData("", "\"\" is not an outcome")]
    [InlineData("blocked:", "The policy name after the colon is empty.")]
    public void Rejects_what_is_not_an_outcome_as_a_usage_error(string text, string detail)
    {
        var error = Should.Throw<CliException>(() => FailOnRule.Parse(text));

        error.IsUsage.ShouldBeTrue();
        error.Message.ShouldBe($"invalid --fail-on value \"{text}\"");
        error.Detail!.ShouldContain(detail);
    }

    [Fact]
    public void A_rule_without_a_policy_watches_every_policy_and_rules_merge_per_policy()
    {
        FailOnRule[] rules = [new(Outcome.Blocked, null), new(Outcome.Aborted, "b"), new(Outcome.Blocked, "b")];

        var expectations = FailOnRule.Expectations(rules, ["a", "b"]);

        expectations.Select(e => (e.Policy, string.Join(",", e.Forbidden)))
            .ShouldBe([("a", "Blocked"), ("b", "Blocked,Aborted")]);
    }

    [Fact]
    public void Policies_no_rule_watches_have_no_expectation()
    {
        FailOnRule.Expectations([new FailOnRule(Outcome.Blocked, "b")], ["a", "b"]).Select(e => e.Policy).ShouldBe(["b"]);
        FailOnRule.Expectations([], ["a", "b"]).ShouldBeEmpty();
    }

    [Fact]
    public void A_rule_naming_a_policy_that_is_not_replayed_is_a_usage_error()
    {
        var error = Should.Throw<CliException>(() => FailOnRule.Expectations([new FailOnRule(Outcome.Blocked, "c")], ["a", "b"]));

        error.IsUsage.ShouldBeTrue();
        error.Message.ShouldBe("--fail-on names policy \"c\", which is not replayed");
    }

    [Fact]
    public void Violations_name_each_forbidden_outcome_that_occurred_with_its_count()
    {
        var summary = new ReplaySummary(["a", "b"],
        [
            new SessionSummary("1-1", "db", 5, [new PolicyCounts("a", 5, 0), new PolicyCounts("b", 1, 1, 0, 2, 1)]),
        ]);
        Expectation[] expectations = [new("a", [Outcome.Blocked]), new("b", [Outcome.Blocked, Outcome.NotReached, Outcome.Warned])];

        var violations = FailOnCheck.Violations(expectations, new ReportFooter(summary, []));

        violations.ShouldBe(["1 operation blocked under \"b\"", "2 operations not_reached under \"b\""]);
    }
}
