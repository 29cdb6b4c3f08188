using System.Text.Encodings.Web;
using System.Text.Json;

namespace TraceLab.Cli.Commands;

/// <summary>The JSON settings of every <c>--format json</c> output: indented, readable non-ASCII, stable.</summary>
internal static class JsonOutput
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
