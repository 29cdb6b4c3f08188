using System.Globalization;

namespace TraceLab.Distributed.Storage;

/// <summary>Why a worker did not replay a job: a refusal (its policies differ from the coordinator's) or a failure,
/// in the three parts the coordinator prints as its error.</summary>
/// <remarks>Stored instead of a result, so that the coordinator stops waiting and says why rather than waiting for a
/// result that will never come. Keyed by run, worker and first session of the job, so a redelivered job overwrites
/// its own report.</remarks>
public sealed class JobFailureDocument
{
    /// <summary>The document key (<see cref="KeyOf"/>).</summary>
    public string Id { get; init; } = "";

    /// <summary>The run whose job was refused.</summary>
    public Guid RunId { get; init; }

    /// <summary>The worker that refused it.</summary>
    public string Worker { get; init; } = "";

    /// <summary>The error's primary message (lower case, no period).</summary>
    public string Message { get; init; } = "";

    /// <summary>The facts, one or more sentences.</summary>
    public string? Detail { get; init; }

    /// <summary>What to do about it.</summary>
    public string? Hint { get; init; }

    /// <summary>The key of a failure of <paramref name="worker"/> on the job that starts with
    /// <paramref name="firstSession"/> in run <paramref name="runId"/>.</summary>
    public static string KeyOf(Guid runId, string worker, string firstSession) =>
        string.Create(CultureInfo.InvariantCulture, $"{runId:N}/{worker}/{firstSession}");
}
