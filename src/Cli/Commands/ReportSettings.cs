using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TraceLab.Cli.CommandLine;
using TraceLab.Replayer.Output;
using TraceLab.Reports;

namespace TraceLab.Cli.Commands;

/// <summary>The options <c>replay</c> and <c>diff</c> share: which sessions, which policies, and how to report.</summary>
internal abstract class ReportSettings : SessionFilterSettings, IFormatSettings
{
    [CommandArgument(0, "[SESSION]")]
    [Description("Session ids (or unique prefixes, or pids) to replay.")]
    public string[] Sessions { get; init; } = [];

    [CommandOption("--all")]
    [Description("Replay every recorded session (that the filters keep).")]
    public bool All { get; init; }

    [CommandOption("-p|--policy <NAME>")]
    [Description("A policy to evaluate: a built-in name (see \"tracelab policies list\") or a policy file; repeat for several.")]
    public string[] Policies { get; init; } = [];

    [CommandOption("-f|--format <FORMAT>")]
    [Description("table (default), json, markdown, html or junit.")]
    [DefaultValue(ReportFormats.Table)]
    public string Format { get; init => field = value.ToLowerInvariant(); } = ReportFormats.Table;

    /// <inheritdoc/>
    public IReadOnlyList<string> Formats => ReportFormats.Names;

    /// <summary><see cref="Format"/>, in the lower case the format names are spelled in (<c>--format JSON</c> worked
    /// when the option was an enum, and still does).</summary>
    public string FormatName => Format;

    [CommandOption("-o|--out <FILE>")]
    [Description("Write the report to FILE (replaced only once the report is complete) instead of standard output.")]
    public string? Out { get; init; }

    [CommandOption("--fail-on <OUTCOME[:POLICY]>")]
    [Description("Exit with code 4 when an operation has OUTCOME (blocked, warned, not_reached, aborted, handler_would_run, allowed) under POLICY, or under any policy; repeat for several. Gives JUnit reports their test cases.")]
    public string[] FailOn { get; init; } = [];

    [CommandOption("--trace <FILE>")]
    [Description("Read the sessions from a trace file (written by \"tracelab export\") instead of the event store; no database is used.")]
    public string? Trace { get; init; }

    [CommandOption("--distributed")]
    [Description("Publish one job per session (or per batch of small sessions) on the event store's job queue and let "
        + "\"tracelab worker\" processes replay them; the report is the same, byte for byte.")]
    public bool Distributed { get; init; }

    [CommandOption("--no-progress")]
    [Description("Never draw the progress bar (it is drawn on standard error only when that is a terminal).")]
    public bool NoProgress { get; init; }

    /// <summary>The fewest policies the command makes sense with.</summary>
    protected abstract int MinimumPolicies { get; }

    /// <summary>The exit code of a run that wrote its report and broke no <c>--fail-on</c> rule.</summary>
    public virtual int SuccessCode(ReportFooter footer) => ExitCodes.Success;

    public override ValidationResult Validate()
    {
        if (Policies.Length < MinimumPolicies)
        {
            return ValidationResult.Error(MinimumPolicies == 1
                ? "at least one --policy is required"
                : $"at least {MinimumPolicies} --policy options are required");
        }

        if (Trace is not null && Connection is not null)
        {
            return ValidationResult.Error("--trace and --connection cannot be used together");
        }

        if (Trace is not null && Distributed)
        {
            return ValidationResult.Error("--trace and --distributed cannot be used together (workers read the event store)");
        }

        CompletedFile.CheckName(Out, "--out");
        return ValidationResult.Success();
    }
}
