using System.Diagnostics;
using System.Text.RegularExpressions;

namespace TraceLab.Reports.Tests;

/// <summary>The HTML report as a browser sees it: headless Chromium loads the page and dumps the DOM it built.</summary>
/// <remarks>Fails rather than skips without Chromium, so a machine missing it cannot pass the suite unnoticed.</remarks>
public sealed class ChromiumRenderingTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Chromium_renders_the_trees_with_the_culprit_highlighted()
    {
        File.Exists(Chromium).ShouldBeTrue(
            $"{Chromium} is missing: the HTML report is checked in headless Chromium. "
            + "Install it with \"sudo apt-get install chromium\" (or scripts/install-prerequisites.sh --tests).");
        var directory = Directory.CreateTempSubdirectory("tracelab-html-");
        try
        {
            var page = Path.Combine(directory.FullName, "report.html");
            await File.WriteAllTextAsync(page, await HtmlReportWriterTests.SampleAsync(), TestContext.Current.CancellationToken);

            var dom = await DumpDomAsync(page, directory.FullName);

            dom.ShouldContain("<ul class=\"tree\">");
            Regex.Count(dom, "<span class=\"node culprit\" data-index=\"\\d+\">").ShouldBeGreaterThanOrEqualTo(4);
            dom.ShouldContain("<span class=\"flag\" title=\"culprit under ddl-needs-trusted-chain\">culprit</span>");
            dom.ShouldContain("<span class=\"flag\" title=\"culprit under strict-trusted-chain\">culprit</span>");
            dom.ShouldContain("<table class=\"matrix\">");
            dom.ShouldContain("<title>TraceLab replay report</title>");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<string> DumpDomAsync(string page, string profile)
    {
        var start = new ProcessStartInfo(Chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", $"--user-data-dir={profile}/chromium",
            "--dump-dom", new Uri(page).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start).ShouldNotBeNull();
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        process.ExitCode.ShouldBe(0, await error);
        return await output;
    }
}
