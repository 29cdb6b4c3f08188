namespace TraceLab.Cli;

/// <summary>The exit codes of every command, as README documents them; scripts and CI jobs rely on them.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The command failed; the error is on standard error.</summary>
    public const int Failure = 1;

    /// <summary>The command line could not be parsed or its options do not fit together.</summary>
    public const int Usage = 2;

    /// <summary><c>tracelab status</c>: the embedded cluster is not running.</summary>
    public const int ClusterStopped = 3;

    /// <summary><c>replay</c> or <c>diff</c> with <c>--fail-on</c>: an operation had an outcome it forbids. The report
    /// was still written in full.</summary>
    public const int FailOnTriggered = 4;

    /// <summary><c>suite run</c>: some scenario's outcome under a policy, or its reality check, differs from what the
    /// scenario expects. The report was written in full. Same value as <see cref="FailOnTriggered"/>: in both, the
    /// report is complete and CI should fail.</summary>
    public const int SuiteMismatch = 4;

    /// <summary><c>policies suggest</c>: some recorded operations stay flagged whatever trust is added (a policy's
    /// <c>default</c>, an owner the recording does not name); the suggested policy was written all the same. Same value
    /// as <see cref="FailOnTriggered"/>: the output is complete, and a script should not take it as a clean
    /// suggestion, nor as an error.</summary>
    public const int SuggestionIncomplete = 4;

    /// <summary><c>record --once</c>: some spool files were damaged and moved to the quarantine directory (their good part
    /// ingested); everything else was ingested.</summary>
    public const int Quarantined = 5;

    /// <summary><c>diff --exit-code</c>: some operation's outcome differs between the policies (the report was written in
    /// full), as <c>diff(1)</c> and <c>git diff --exit-code</c> signal differences; a code of its own, since 1 is an
    /// error here.</summary>
    public const int DifferencesFound = 6;

    /// <summary><c>suite run --enforce</c>: in some cell of the agreement matrix, what happened with the policy enforced
    /// differs from what the replay predicted (the report was written in full); every scenario matched its expectations
    /// and every run could run, else <see cref="SuiteMismatch"/> or <see cref="Failure"/> wins. A code of its own: a
    /// disagreement is a bug in the replay's semantics or the probe's live chains, not in a scenario or a policy.</summary>
    public const int SuiteDisagreement = 7;

    /// <summary>Stopped by SIGINT (Ctrl+C): 128 plus the signal's number, as shells report it. <c>record --follow</c>
    /// ends with <see cref="Success"/> instead: a signal is how it is meant to end.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM ("docker stop", a service manager): 128 plus the signal's number.</summary>
    public const int Terminated = 143;
}
