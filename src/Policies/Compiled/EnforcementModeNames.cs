namespace TraceLab.Policies.Compiled;

/// <summary>The one spelling of each <see cref="EnforcementMode"/>: the probe's setting values, which <c>--mode</c>,
/// <c>tracelab status</c> (table, JSON, env) and README use as they are.</summary>
public static class EnforcementModeNames
{
    /// <summary>The name of <paramref name="mode"/>.</summary>
    public static string Of(EnforcementMode mode) => mode switch
    {
        EnforcementMode.Off => "off",
        EnforcementMode.Warn => "warn",
        EnforcementMode.Block => "block",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown enforcement mode."),
    };

    /// <summary>The mode named <paramref name="name"/> (as the probe reports it, or as typed, in any case), or null.</summary>
    public static EnforcementMode? Find(string? name)
    {
        foreach (var mode in Enum.GetValues<EnforcementMode>())
        {
            if (string.Equals(Of(mode), name, StringComparison.OrdinalIgnoreCase))
            {
                return mode;
            }
        }

        return null;
    }
}
