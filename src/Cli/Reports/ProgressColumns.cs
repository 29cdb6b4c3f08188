using Spectre.Console;

namespace TraceLab.Cli.Reports;

/// <summary>The columns of every progress bar the CLI draws: what it does, the bar, the share done, the time left.</summary>
internal static class ProgressColumns
{
    public static ProgressColumn[] Standard() =>
    [
        new TaskDescriptionColumn { Alignment = Justify.Left },
        new ProgressBarColumn(),
        new PercentageColumn(),
        new RemainingTimeColumn(),
        new SpinnerColumn(),
    ];
}
