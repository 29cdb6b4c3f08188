using Microsoft.Extensions.Options;

namespace TraceLab.Recorder.Hosting;

/// <summary>Checks <see cref="RecorderOptions"/> at host start (the options use no DataAnnotations package).</summary>
internal sealed class RecorderOptionsValidator : IValidateOptions<RecorderOptions>
{
    public ValidateOptionsResult Validate(string? name, RecorderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
