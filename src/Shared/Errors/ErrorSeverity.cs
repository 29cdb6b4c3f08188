namespace TraceLab.Errors;

/// <summary>How serious a printed report is; its name starts the report's first line.</summary>
public enum ErrorSeverity
{
    /// <summary><c>error:</c> the command failed, or one part of its work did.</summary>
    Error,

    /// <summary><c>warning:</c> the command goes on, but something should be done otherwise.</summary>
    Warning,
}
