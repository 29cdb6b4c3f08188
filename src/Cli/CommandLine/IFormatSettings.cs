namespace TraceLab.Cli.CommandLine;

/// <summary>Settings of a verb with <c>--format</c>: the value given and the formats the verb has.</summary>
/// <remarks>Every verb's value is checked by one parser (<see cref="FormatOption"/>) before the verb runs, so no verb
/// silently prints a table for a format it does not know.</remarks>
internal interface IFormatSettings
{
    /// <summary>The <c>--format</c> value as given, in lower case.</summary>
    string Format { get; }

    /// <summary>The formats this verb writes, the default first.</summary>
    IReadOnlyList<string> Formats { get; }
}
