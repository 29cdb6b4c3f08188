using System.Reflection;
using Spectre.Console.Cli;

namespace TraceLab.Cli.CommandLine;

/// <summary>The options a command's settings declare, spelled as a user types them (<c>--fail-on</c>, <c>-p</c>).</summary>
internal static class KnownOptions
{
    /// <summary>Every spelling of every option of <paramref name="settingsType"/>, long names first.</summary>
    public static IReadOnlyList<string> Of(Type settingsType)
    {
        ArgumentNullException.ThrowIfNull(settingsType);
        var options = settingsType
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.GetCustomAttribute<CommandOptionAttribute>())
            .OfType<CommandOptionAttribute>()
            .ToList();
        return
        [
            .. options.SelectMany(o => o.LongNames).Select(n => "--" + n),
            .. options.SelectMany(o => o.ShortNames).Select(n => "-" + n),
            "--help",
            "-h",
        ];
    }
}
