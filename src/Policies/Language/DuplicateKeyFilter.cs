using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TraceLab.Policies.Language;

/// <summary>Passes a YAML event stream through, dropping the second and later occurrences of a key in a mapping and
/// recording each as an error.</summary>
/// <remarks>YamlDotNet's representation model stops at the first duplicate key with an exception; with the duplicates
/// filtered out the document still loads, so one check reports every problem of the file, not just the first. The first
/// occurrence of a key is the one the rest of the check sees.</remarks>
internal sealed class DuplicateKeyFilter(IParser inner, Action<Mark, string> duplicate) : IParser
{
    private readonly Stack<Frame> frames = new();

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        while (inner.MoveNext())
        {
            var current = inner.Current;
            var top = frames.Count > 0 ? frames.Peek() : null;
            if (top is { IsMapping: true, ExpectKey: true } && current is Scalar key)
            {
                if (!top.Keys.Add(key.Value))
                {
                    duplicate(key.Start, key.Value);
                    SkipValue();
                    continue;
                }
            }

            switch (current)
            {
                case MappingStart:
                    frames.Push(new Frame(true));
                    break;
                case SequenceStart:
                    frames.Push(new Frame(false));
                    break;
                case MappingEnd or SequenceEnd:
                    frames.Pop();
                    Completed();
                    break;
                case Scalar or AnchorAlias:
                    Completed();
                    break;
            }

            return true;
        }

        return false;
    }

    private void Completed()
    {
        if (frames.Count > 0 && frames.Peek() is { IsMapping: true } mapping)
        {
            mapping.ExpectKey = !mapping.ExpectKey;
        }
    }

    private void SkipValue()
    {
        var depth = 0;
        while (inner.MoveNext())
        {
            depth += inner.Current switch
            {
                MappingStart or SequenceStart => 1,
                MappingEnd or SequenceEnd => -1,
                _ => 0,
            };
            if (depth <= 0)
            {
                return;
            }
        }
    }

    private sealed class Frame(bool isMapping)
    {
        public bool IsMapping { get; } = isMapping;

        public bool ExpectKey { get; set; } = true;

        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
    }
}
