using System.Globalization;

namespace TraceLab.IntegrationTests.Support;

/// <summary>A whole number a test run may set in the environment (a seed, how many chains to compare).</summary>
internal static class EnvironmentNumber
{
    /// <summary>The variable <paramref name="name"/> read as a whole number; <paramref name="fallback"/> when it is
    /// unset or not a number.</summary>
    public static int Or(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : fallback;
}
