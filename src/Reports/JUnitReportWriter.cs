using System.Globalization;
using System.Text;
using System.Xml;
using TraceLab.Policies.Model;
using TraceLab.Replayer.Output;

namespace TraceLab.Reports;

/// <summary>Writes a replay or diff as JUnit XML for CI: one <c>&lt;testsuite&gt;</c> per policy, one
/// <c>&lt;testcase&gt;</c> per operation and policy that has an expectation, failing when the operation's outcome is
/// one the expectation forbids.</summary>
/// <remarks>
/// <para>Expectations come from <see cref="ReportHeader.Expectations"/> (<c>--fail-on blocked</c>, or a suite's
/// expected verdicts). A policy without one has an empty suite; with none at all the document is still valid, every
/// suite empty. A test case is named <c>session/seq/command</c> with the policy as class name; its
/// <c>&lt;failure&gt;</c> carries the psql-style error (<c>ERROR</c>, <c>DETAIL</c>, <c>HINT</c>) and the chain.
/// Counts are attributes of each suite and of the root.</para>
/// <para>JUnit puts counts before the test cases, so each suite's test cases are held in a <see cref="TextSpool"/>
/// (moved to a temporary file once large) until the end: memory stays bounded. The document has no timestamps, times
/// or host names: the same input gives the same bytes (UTF-8 without byte order mark, <c>\n</c> line ends).</para>
/// </remarks>
public sealed class JUnitReportWriter : IReportWriter
{
    private const int MaxStatementLength = 120;

    private static readonly XmlWriterSettings FragmentSettings = new()
    {
        ConformanceLevel = ConformanceLevel.Fragment,
        OmitXmlDeclaration = true,
        NewLineHandling = NewLineHandling.Replace,
        NewLineChars = "\n",
    };

    private static readonly XmlWriterSettings DocumentSettings = new()
    {
        ConformanceLevel = ConformanceLevel.Fragment,
        OmitXmlDeclaration = true,
        NewLineHandling = NewLineHandling.Replace,
        NewLineChars = "\n",
        CloseOutput = false,
        Async = true,
    };

    private readonly TextOutput output;
    private readonly WriterState state = new();
    private Suite[] suites = [];

    /// <summary>A writer that writes UTF-8 to <paramref name="output"/>.</summary>
    public JUnitReportWriter(Stream output)
    {
        this.output = new TextOutput(output);
    }

    /// <summary>A writer that writes to <paramref name="output"/> (the XML declaration says UTF-8 whatever its encoding).</summary>
    public JUnitReportWriter(TextWriter output)
    {
        this.output = new TextOutput(output);
    }

    /// <summary>The test cases held back, per policy in report order.</summary>
    internal IEnumerable<TextSpool> Spools => suites.Select(s => s.Cases);

    public Task BeginAsync(ReportHeader header, CancellationToken cancellationToken)
    {
        state.Begin(header);
        var unknown = header.Expectations.FirstOrDefault(e => !header.Policies.Contains(e.Policy));
        if (unknown is not null)
        {
            throw new ArgumentException($"The expectation names policy '{unknown.Policy}', which is not part of the report.", nameof(header));
        }

        suites =
        [
            .. header.Policies.Select(policy =>
            {
                var forbidden = header.Expectations.Where(e => e.Policy == policy).SelectMany(e => e.Forbidden).ToHashSet();
                var expected = header.Expectations.Any(e => e.Policy == policy);
                return new Suite(policy, expected ? forbidden : null);
            }),
        ];
        return Task.CompletedTask;
    }

    public async Task WriteAsync(ReplayedOperation operation, CancellationToken cancellationToken)
    {
        state.Write(operation);
        for (var i = 0; i < suites.Length; i++)
        {
            var suite = suites[i];
            if (suite.Forbidden is null)
            {
                continue;
            }

            var verdict = i < operation.Verdicts.Count && operation.Verdicts[i].Policy == suite.Policy
                ? operation.Verdicts[i]
                : operation.Verdicts.FirstOrDefault(v => v.Policy == suite.Policy);
            if (verdict is null)
            {
                continue;
            }

            var failed = suite.Forbidden.Contains(verdict.Outcome);
            suite.Tests++;
            suite.Failures += failed ? 1 : 0;
            await suite.Cases.AppendAsync(TestCase(operation, verdict, failed), cancellationToken);
        }
    }

    public async Task EndAsync(ReportFooter footer, CancellationToken cancellationToken)
    {
        state.End(footer);
        var text = output.Writer;
        await text.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".AsMemory(), cancellationToken);
        await using (var xml = XmlWriter.Create(text, DocumentSettings))
        {
            await xml.WriteStartElementAsync(null, "testsuites", null);
            await AttributeAsync(xml, "name", state.Header.Kind == ReportKind.Diff ? "tracelab diff" : "tracelab replay");
            await AttributeAsync(xml, "tests", suites.Sum(s => s.Tests));
            await AttributeAsync(xml, "failures", suites.Sum(s => s.Failures));
            await AttributeAsync(xml, "errors", 0);
            foreach (var suite in suites)
            {
                await xml.WriteWhitespaceAsync("\n  ");
                await xml.WriteStartElementAsync(null, "testsuite", null);
                await AttributeAsync(xml, "name", suite.Policy);
                await AttributeAsync(xml, "tests", suite.Tests);
                await AttributeAsync(xml, "failures", suite.Failures);
                await AttributeAsync(xml, "errors", 0);
                await AttributeAsync(xml, "skipped", 0);
                if (suite.Cases.IsEmpty)
                {
                    await xml.WriteEndElementAsync();
                    continue;
                }

                await suite.Cases.CopyToAsync((chunk, count) => xml.WriteRawAsync(chunk, 0, count), cancellationToken);
                await xml.WriteWhitespaceAsync("\n  ");
                await xml.WriteFullEndElementAsync();
            }

            await xml.WriteWhitespaceAsync("\n");
            await xml.WriteFullEndElementAsync();
            await xml.WriteWhitespaceAsync("\n");
        }

        await text.FlushAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var suite in suites)
        {
            await suite.Cases.DisposeAsync();
        }

        await output.DisposeAsync();
    }

    private static Task AttributeAsync(XmlWriter xml, string name, string value) =>
        xml.WriteAttributeStringAsync(null, name, null, XmlText.Clean(value));

    private static Task AttributeAsync(XmlWriter xml, string name, long value) =>
        xml.WriteAttributeStringAsync(null, name, null, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>One <c>&lt;testcase&gt;</c>, on its own lines, indented for its suite.</summary>
    private static string TestCase(ReplayedOperation replayed, PolicyVerdict verdict, bool failed)
    {
        var operation = replayed.Operation;
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, FragmentSettings))
        {
            xml.WriteWhitespace("\n    ");
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString(
                "name",
                XmlText.Clean(string.Create(CultureInfo.InvariantCulture, $"{operation.SessionId}/{operation.Seq}/{operation.Command}")));
            xml.WriteAttributeString("classname", XmlText.Clean(verdict.Policy));
            if (failed)
            {
                xml.WriteWhitespace("\n      ");
                xml.WriteStartElement("failure");
                xml.WriteAttributeString("message", XmlText.Clean(FailureMessage(verdict, operation)));
                xml.WriteAttributeString("type", ReportNames.Of(verdict.Outcome));
                xml.WriteString(XmlText.Clean(FailureText(replayed, verdict)));
                xml.WriteEndElement();
                xml.WriteWhitespace("\n    ");
                xml.WriteFullEndElement();
            }
            else
            {
                xml.WriteEndElement();
            }
        }

        return text.ToString();
    }

    /// <summary>The primary message of a block or warning; for another outcome, the sentence that explains it.</summary>
    private static string FailureMessage(PolicyVerdict verdict, Operation operation) =>
        PsqlMessage.IsPrinted(verdict) && verdict.Verdict.Message is { } message
            ? message
            : PsqlMessage.Heading(verdict, operation);

    /// <summary>The psql-style error (or the sentence for another outcome), then the chain with the policy's culprit marked.</summary>
    private static string FailureText(ReplayedOperation replayed, PolicyVerdict verdict)
    {
        var text = new StringBuilder();
        if (PsqlMessage.IsPrinted(verdict))
        {
            text.Append(PsqlMessage.Text(verdict.Verdict));
        }
        else
        {
            text.Append(PsqlMessage.Heading(verdict, replayed.Operation));
            var own = PsqlMessage.Text(verdict.Verdict);
            if (own.Length > 0)
            {
                text.Append("\nThe policy's own verdict:\n").Append(own);
            }
        }

        text.Append("\nChain:");
        var culprit = PsqlMessage.IsPrinted(verdict) ? verdict.Verdict.CulpritIndex : null;
        var chain = replayed.Operation.Chain;
        for (var i = 0; i < chain.Count; i++)
        {
            text.Append('\n').Append(' ', 2 + (2 * Math.Min(i, 8))).Append(i == 0 ? "" : "└ ")
                .Append(ChainText.Describe(chain[i], MaxStatementLength));
            if (culprit == i)
            {
                text.Append(" ← culprit");
            }
        }

        return text.ToString();
    }

    private sealed class Suite(string policy, HashSet<Outcome>? forbidden)
    {
        public string Policy { get; } = policy;

        /// <summary>The outcomes that fail a test case; <c>null</c> when the policy has no expectation (no test cases).</summary>
        public HashSet<Outcome>? Forbidden { get; } = forbidden;

        public TextSpool Cases { get; } = new();

        public long Tests { get; set; }

        public long Failures { get; set; }
    }
}
