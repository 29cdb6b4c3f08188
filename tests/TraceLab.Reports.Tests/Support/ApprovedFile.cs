using System.Runtime.CompilerServices;
using System.Globalization;
using System.Text;

namespace TraceLab.Reports.Tests.Support;

/// <summary>Compares text with an approved file kept next to the test's source, in its <c>Approved</c> folder.</summary>
/// <remarks>A mismatch or a missing approved file writes the text beside it as <c>NAME.received.EXT</c> and fails with
/// the first differing lines; approving a change is renaming the received file over the approved one. The files are
/// found through the test's source path (the tests run where they were built), so they are never copied to the
/// output directory, where an edit would be lost.</remarks>
internal static class ApprovedFile
{
    private const int ContextLines = 3;
    private const int MaxDiffLines = 40;

    /// <summary>Fails unless <paramref name="actual"/> is byte for byte the content of <c>Approved/NAME.approved.EXT</c>.</summary>
    public static void Verify(string actual, string name, string extension, [CallerFilePath] string testFile = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(testFile)!, "Approved");
        var approvedPath = Path.Combine(folder, $"{name}.approved.{extension}");
        var receivedPath = Path.Combine(folder, $"{name}.received.{extension}");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath, Encoding.UTF8) : null;
        if (approved == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(receivedPath, actual, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var message = approved is null
            ? $"There is no approved file {approvedPath}; the output was written to {receivedPath}."
            : $"The output differs from {approvedPath} (written to {receivedPath}):\n{Diff(approved, actual)}";
        Assert.Fail(message);
    }

    /// <summary>The first differing line with a few lines around it, approved lines as <c>-</c> and received as <c>+</c>.</summary>
    internal static string Diff(string approved, string received)
    {
        var expected = approved.Split('\n');
        var actual = received.Split('\n');
        var first = 0;
        while (first < expected.Length && first < actual.Length && expected[first] == actual[first])
        {
            first++;
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"first difference at line {first + 1}\n");
        for (var i = Math.Max(0, first - ContextLines); i < first; i++)
        {
            text.Append("  ").Append(expected[i]).Append('\n');
        }

        var end = Math.Min(Math.Max(expected.Length, actual.Length), first + MaxDiffLines / 2);
        for (var i = first; i < end; i++)
        {
            if (i < expected.Length)
            {
                text.Append("- ").Append(expected[i]).Append('\n');
            }

            if (i < actual.Length)
            {
                text.Append("+ ").Append(actual[i]).Append('\n');
            }
        }

        return text.ToString();
    }
}
