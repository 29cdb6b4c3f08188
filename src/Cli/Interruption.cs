using System.Runtime.InteropServices;

namespace TraceLab.Cli;

/// <summary>Turns SIGINT (Ctrl+C) and SIGTERM into a cancellation of the running command, and remembers which
/// signal came so that the process can end with the conventional exit status.</summary>
/// <remarks>
/// <para>The first signal only cancels: every command stops at its next await, and <c>record</c> loses nothing
/// because each batch commits its events with its checkpoint. A second signal is left to its default action, which
/// ends the process at once: the way out when stopping takes too long.</para>
/// <para>"docker stop" and service managers send SIGTERM; a terminal sends SIGINT.</para>
/// </remarks>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource cancellation = new();
    private readonly List<PosixSignalRegistration> registrations = [];
    private int received;

    /// <summary>Cancelled by the first SIGINT or SIGTERM.</summary>
    public CancellationToken Token => cancellation.Token;

    /// <summary>The first signal received, or null.</summary>
    public PosixSignal? Signal { get; private set; }

    /// <summary>Starts listening for SIGINT and SIGTERM.</summary>
    public static Interruption Listen()
    {
        var interruption = new Interruption();
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            interruption.registrations.Add(PosixSignalRegistration.Create(signal, context =>
                context.Cancel = interruption.OnSignal(context.Signal)));
        }

        return interruption;
    }

    /// <summary>Records <paramref name="signal"/> and cancels the command; returns whether the signal's default action
    /// (ending the process) is cancelled, which it is for the first signal only.</summary>
    internal bool OnSignal(PosixSignal signal)
    {
        if (Interlocked.Increment(ref received) > 1)
        {
            return false;
        }

        Signal = signal;
        cancellation.Cancel();
        return true;
    }

    /// <summary>The exit status of a command ended by <paramref name="signal"/>: 128 plus the signal's number, as
    /// shells report it.</summary>
    public static int ExitCodeFor(PosixSignal signal) =>
        signal == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;

    /// <summary>Whether <paramref name="exception"/> is how a cancelled operation ended: .NET's cancellation, or
    /// PostgreSQL's "canceling statement due to user request", possibly wrapped by Npgsql, Marten or Wolverine.</summary>
    public static bool IsCancellation(Exception exception) => exception switch
    {
        OperationCanceledException => true,
        Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.QueryCanceled } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsCancellation),
        { InnerException: { } inner } => IsCancellation(inner),
        _ => false,
    };

    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }

        cancellation.Dispose();
    }
}
