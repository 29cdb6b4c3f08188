using TraceLab.Replayer.Output;
using TraceLab.Reports;
using TraceLab.Reports.Tests;

// Usage: dotnet run -- FORMAT FILE [replay|diff]
// The sample is the one the rendering tests check, so the screenshot shows what the tests hold true.
if (args.Length is < 2 or > 3 || !ReportFormats.IsKnown(args[0]) || (args.Length == 3 && args[2] is not ("replay" or "diff")))
{
    await Console.Error.WriteLineAsync($"usage: report-sample {string.Join('|', ReportFormats.Names)} FILE [replay|diff]");
    return 2;
}

var kind = args.Length == 3 && args[2] == "diff" ? ReportKind.Diff : ReportKind.Replay;
await using (var output = File.Create(args[1]))
{
    await ReportSample.WriteAsync(args[0], output, kind);
}

return 0;
