namespace TraceLab.Replayer.Output;

/// <summary>What a report is about, known before the first operation.</summary>
/// <param name="Policies">Policy names in the order given; every operation lists its verdicts in this order.</param>
/// <param name="Expectations">For JUnit: the outcome each policy must not produce (from <c>--fail-on</c> or a suite);
/// a test case exists per operation × policy that has an expectation.</param>
public sealed record ReportHeader(ReportKind Kind, IReadOnlyList<string> Policies, IReadOnlyList<Expectation> Expectations)
{
    /// <summary>The ids of the sessions the report covers, in report order, when they are known before the replay (it
    /// was given a list); <see langword="null"/> when sessions are streamed as they come.</summary>
    public IReadOnlyList<string>? Sessions { get; init; }
}

/// <summary>An expectation about one policy's outcomes: none of the operations may have <paramref name="Forbidden"/>.</summary>
public sealed record Expectation(string Policy, IReadOnlyList<Outcome> Forbidden);
