using System.Text.Json;

namespace TraceLab.Cli.Cluster;

/// <summary>What <c>tracelab up</c> chose once and keeps: the port of the embedded cluster.</summary>
internal sealed record ClusterSettings(int Port)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Reads the settings file, or null when the cluster was never set up.</summary>
    public static ClusterSettings? Load(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<ClusterSettings>(File.ReadAllText(path), Json) : null;

    /// <summary>Writes the settings file.</summary>
    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");
}
