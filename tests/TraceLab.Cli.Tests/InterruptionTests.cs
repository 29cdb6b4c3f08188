using System.Runtime.InteropServices;
using Npgsql;

namespace TraceLab.Cli.Tests;

public sealed class InterruptionTests
{
    [Fact]
    public void The_first_signal_cancels_the_command_and_keeps_the_process_alive()
    {
        // Given a listener no signal has reached
        using var interruption = new Interruption();

        // When SIGTERM arrives
        var keepsProcess = interruption.OnSignal(PosixSignal.SIGTERM);

        // Then the command is cancelled and the signal is remembered
        keepsProcess.ShouldBeTrue();
        interruption.Token.IsCancellationRequested.ShouldBeTrue();
        interruption.Signal.ShouldBe(PosixSignal.SIGTERM);
    }

    [Fact]
    public void A_second_signal_is_left_to_its_default_action_and_the_first_one_counts()
    {
        using var interruption = new Interruption();
        interruption.OnSignal(PosixSignal.SIGINT);

        var keepsProcess = interruption.OnSignal(PosixSignal.SIGTERM);

        keepsProcess.ShouldBeFalse();
        interruption.Signal.ShouldBe(PosixSignal.SIGINT);
    }

    [Fact]
    public void Exit_codes_are_128_plus_the_signal_number()
    {
        Interruption.ExitCodeFor(PosixSignal.SIGINT).ShouldBe(130);
        Interruption.ExitCodeFor(PosixSignal.SIGTERM).ShouldBe(143);
    }

    [Fact]
    public void Cancellation_is_recognised_however_the_libraries_wrap_it()
    {
        Interruption.IsCancellation(new OperationCanceledException()).ShouldBeTrue();
        Interruption.IsCancellation(new TaskCanceledException()).ShouldBeTrue();
        Interruption.IsCancellation(new NpgsqlException("Exception while reading from stream", new OperationCanceledException()))
            .ShouldBeTrue();
        Interruption.IsCancellation(new PostgresException("canceling statement due to user request", "ERROR", "ERROR", "57014"))
            .ShouldBeTrue();
        Interruption.IsCancellation(new AggregateException(new InvalidOperationException(), new OperationCanceledException()))
            .ShouldBeTrue();
    }

    [Fact]
    public void Other_failures_are_not_taken_for_an_interruption()
    {
        Interruption.IsCancellation(new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111))).ShouldBeFalse();
        Interruption.IsCancellation(new PostgresException("permission denied for schema tracelab", "ERROR", "ERROR", "42501"))
            .ShouldBeFalse();
    }
}
