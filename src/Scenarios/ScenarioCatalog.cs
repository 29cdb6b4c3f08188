using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Parsing;

namespace TraceLab.Scenarios;

/// <summary>Finds and parses the scenarios a suite runs: files given by name, and every <c>*.sql</c> under directories
/// given, in a stable order.</summary>
public static class ScenarioCatalog
{
    /// <summary>The scenarios of <paramref name="paths"/>, files and directories, in the order given (a directory's files
    /// sorted by path); each file once.</summary>
    /// <exception cref="ScenarioFormatException">A path does not exist, a file is not a valid scenario, or two files
    /// have the same id.</exception>
    public static IReadOnlyList<Scenario> Load(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*.sql", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                throw ScenarioFormatException.At(path, 0, "no such file or directory", null,
                    "Give scenario files (*.sql) or directories that hold them.");
            }
        }

        var scenarios = new List<Scenario>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files.Distinct(StringComparer.Ordinal))
        {
            var scenario = ScenarioParser.ParseFile(file);
            if (seen.TryGetValue(scenario.Id, out var other))
            {
                throw ScenarioFormatException.At(file, 0, $"scenario id \"{scenario.Id}\" is used twice",
                    $"File \"{other}\" has the same id.", "Scenario ids (file names) are unique across the catalogue.");
            }

            seen.Add(scenario.Id, file);
            scenarios.Add(scenario);
        }

        return scenarios;
    }
}
