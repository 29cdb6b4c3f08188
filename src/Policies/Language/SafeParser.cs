using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TraceLab.Policies.Language;

/// <summary>YamlDotNet's parser made safe for any input: every failure is a <see cref="YamlException"/> with a position,
/// and nesting stops at <see cref="PolicyLimits.MaxDepth"/> levels.</summary>
/// <remarks>
/// <para>The parser is a state machine, but the representation model loads a document by recursion, one frame per
/// level: <c>[[[[…</c> 100,000 levels deep overflowed the stack, which ends the process without a word. The events pass
/// through here before the model sees them, so the model never recurses deeper than the limit
/// (<see cref="NestingTooDeepException"/>).</para>
/// <para>Some malformed input makes the scanner throw what is not a <see cref="YamlException"/>: an unclosed flow
/// sequence followed by more lines throws <see cref="InvalidOperationException"/>, an odd <c>%TAG</c> an
/// <see cref="ArgumentException"/>. Those become a <see cref="YamlException"/> at the last event read, where the text
/// stopped making sense.</para>
/// </remarks>
internal sealed class SafeParser(IParser inner) : IParser
{
    private int depth;
    private Mark last = Mark.Empty;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        bool moved;
        try
        {
            moved = inner.MoveNext();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException
                                      or IndexOutOfRangeException)
        {
            throw new YamlException(last, last, "the text cannot be parsed after this point", e);
        }

        if (!moved)
        {
            return false;
        }

        var current = inner.Current!;
        last = current.End;
        switch (current)
        {
            case MappingStart or SequenceStart:
                if (++depth > PolicyLimits.MaxDepth)
                {
                    throw new NestingTooDeepException(current.Start, current.End);
                }

                break;
            case MappingEnd or SequenceEnd:
                depth--;
                break;
        }

        return true;
    }
}

/// <summary>A policy file nests mappings and lists deeper than <see cref="PolicyLimits.MaxDepth"/>.</summary>
internal sealed class NestingTooDeepException(Mark start, Mark end) : YamlException(start, end, string.Create(
    CultureInfo.InvariantCulture, $"mappings and lists nest more than {PolicyLimits.MaxDepth} levels deep"));
