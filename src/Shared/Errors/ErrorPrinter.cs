namespace TraceLab.Errors;

/// <summary>Writes a report the way psql prints a server's: <c>error:</c> (or <c>warning:</c>) with the message,
/// then <c>detail:</c> and <c>hint:</c> when present.</summary>
/// <remarks>The one printer of the error triple: every error and warning the tracelab command reports goes through it,
/// so they all look alike whichever layer raised them.</remarks>
public static class ErrorPrinter
{
    /// <summary>The word that starts a report of <paramref name="severity"/>.</summary>
    public static string LabelOf(ErrorSeverity severity) => severity switch
    {
        ErrorSeverity.Warning => "warning",
        _ => "error",
    };

    /// <summary>Writes <paramref name="error"/> as an <c>error:</c> report.</summary>
    public static void Write(TextWriter writer, TraceLabException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Write(writer, ErrorSeverity.Error, error.Message, error.Detail, error.Hint);
    }

    /// <summary>Writes a report from its parts; a null or empty detail or hint is left out.</summary>
    public static void Write(TextWriter writer, ErrorSeverity severity, string message, string? detail, string? hint)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine($"{LabelOf(severity)}: {message}");
        if (!string.IsNullOrEmpty(detail))
        {
            writer.WriteLine($"detail: {detail}");
        }

        if (!string.IsNullOrEmpty(hint))
        {
            writer.WriteLine($"hint: {hint}");
        }
    }
}
