using System.Text;
using Microsoft.Extensions.Logging;

namespace TraceLab.Recorder.Hosting;

/// <summary>The default log of a <see cref="RecorderHost"/>: each entry on standard error in the form the tracelab
/// command prints its errors (<c>warning:</c>, then <c>detail:</c> with the exception's messages), never a stack
/// trace.</summary>
/// <remarks>
/// <para>Entries that only repeat an exception the caller receives and reports are left out: the host's "Hosting
/// failed to start" (<c>StartAsync</c> throws it); Wolverine's "Invocation of … failed!", written at Error before it
/// rethrows whatever a handler threw, cancellation included (every Recorder message is sent with
/// <c>IMessageBus.InvokeAsync</c>, which rethrows it); and Marten's "Marten encountered an exception executing …",
/// written before the failed command's exception is thrown, with the command's SQL and parameters (for an append,
/// recorded statement text, which belongs at Debug at most). Printed as well, an unreachable event store or a Ctrl+C
/// came out as dozens of lines of stack trace before the one error that mattered.</para>
/// <para>Writes synchronously, so that log lines and the caller's own output on standard error keep their order.</para>
/// </remarks>
public sealed class StandardErrorLoggerProvider : ILoggerProvider
{
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";
    private const string HostStartupFaulted = "HostedServiceStartupFaulted";
    private static readonly string[] RepeatingFormats = ["Invocation of {Message} failed!", "Marten encountered an exception"];

    public ILogger CreateLogger(string categoryName) => new StandardErrorLogger(categoryName);

    public void Dispose()
    {
    }

    /// <summary>Whether the entry only repeats an exception that is thrown to the caller.</summary>
    internal static bool RepeatsThrownException<TState>(string category, EventId eventId, TState state) =>
        (category == HostCategory && eventId.Name == HostStartupFaulted)
        || (state is IEnumerable<KeyValuePair<string, object?>> values
            && values.Any(v => v.Key == "{OriginalFormat}" && v.Value is string format
                && RepeatingFormats.Any(f => format.StartsWith(f, StringComparison.Ordinal))));

    private sealed class StandardErrorLogger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(
            LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel) || RepeatsThrownException(category, eventId, state))
            {
                return;
            }

            var text = new StringBuilder()
                .Append(LevelName(logLevel)).Append(": ").AppendLine(InPostgresStyle(formatter(state, exception)));
            if (exception is not null)
            {
                text.Append("detail: ").AppendLine(Messages(exception));
            }

            Console.Error.Write(text.ToString());
        }

        private static string LevelName(LogLevel level) => level switch
        {
            LogLevel.Critical => "fatal",
            LogLevel.Error => "error",
            LogLevel.Warning => "warning",
            LogLevel.Information => "info",
            _ => "debug",
        };

        /// <summary>Log templates are sentences ("Could not ingest …"); PostgreSQL's primary messages are lower case
        /// with no period.</summary>
        private static string InPostgresStyle(string message)
        {
            var trimmed = message.Trim().TrimEnd('.');
            return trimmed.Length > 1 && char.IsUpper(trimmed[0]) && char.IsLower(trimmed[1])
                ? char.ToLowerInvariant(trimmed[0]) + trimmed[1..]
                : trimmed;
        }

        /// <summary>The messages of the exception and its inner exceptions, as one sentence.</summary>
        private static string Messages(Exception exception)
        {
            var messages = new List<string>();
            for (var e = exception; e is not null; e = e.InnerException)
            {
                var message = e.Message.Trim().TrimEnd('.');
                if (message.Length > 0 && !messages.Contains(message))
                {
                    messages.Add(message);
                }
            }

            return string.Join(": ", messages) + ".";
        }
    }
}
