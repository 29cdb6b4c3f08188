namespace TraceLab.Errors;

/// <summary>Whose fault an error is, which decides the exit code: the command line's, or anything else's.</summary>
public enum ErrorClass
{
    /// <summary>The command was understood but failed (exit code 1): a damaged file, an unreachable event store.</summary>
    Failure,

    /// <summary>The command line itself is at fault (exit code 2): an unknown option, a value that makes no sense.</summary>
    Usage,
}
