using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Parsing;

namespace TraceLab.Scenarios.Tests.Support;

/// <summary>Scenario files written inline: a header with its required fields, and a body.</summary>
internal static class ScenarioText
{
    public const string Path = "/catalogue/attacks/example-attack.sql";

    /// <summary>A complete file: the standard header with <paramref name="extraHeader"/> appended, then
    /// <paramref name="body"/>.</summary>
    public static string File(string body, string extraHeader = "", string roles = "  alice: {superuser: true}\n  mallory: {}\n") =>
        "/*---\n" +
        "title: Example\n" +
        "pattern: An example pattern\n" +
        "roles:\n" + roles +
        "expect:\n  permissive: allowed\n" +
        extraHeader +
        "---*/\n" +
        body;

    public static Scenario Parse(string text, string path = Path) => ScenarioParser.Parse(path, text);

    /// <summary>The error parsing <paramref name="text"/> raises.</summary>
    public static ScenarioFormatException Error(string text, string path = Path) =>
        Should.Throw<ScenarioFormatException>(() => ScenarioParser.Parse(path, text));
}
