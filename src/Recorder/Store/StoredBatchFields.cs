using System.Buffers;
using System.Buffers.Text;
using System.Data.Common;
using TraceLab.Events;
using TraceLab.Recorder.Frames;

namespace TraceLab.Store;

/// <summary>The fields of one stored <see cref="FrameBatch"/> as <see cref="StoredEventRows"/> reads them: one row per
/// field (<c>jsonb_each_text</c>), in whatever order the server lists them, gathered here until the event's rows are
/// all read.</summary>
/// <remarks>The frames' base64 text is kept as its bytes, in a buffer from the batches' pool, and decoded only once the
/// numbers are known too (jsonb lists <c>Frames</c> before them): a damaged text is then reported with the batch's
/// seqs, and a batch that lacks a number never decodes at all. A number that is not a plain integer counts as missing,
/// so the event is read through Marten like any event whose row lacks a field.</remarks>
internal sealed class StoredBatchFields
{
    /// <summary>The fields read, as <c>jsonb_each_text</c> names them: the JSON property names of
    /// <see cref="FrameBatch"/> (Marten's serializer keeps them as declared).</summary>
    public const string FieldList = "'FirstSeq', 'LastSeq', 'FrameCount', 'Frames'";

    /// <summary>A batch's facts are for listings, which read them from the session view: a reader leaves them empty.</summary>
    private static readonly FrameBatchFacts NoFacts = new(null, false, 0, 0, 0, new Dictionary<uint, string>());

    private long? firstSeq;
    private long? lastSeq;
    private long? frameCount;
    private byte[]? encoded;
    private int encodedLength;

    /// <summary>Takes the field of the reader's current row: its name in column <paramref name="name"/>, its text's
    /// bytes in column <paramref name="value"/> (neither null).</summary>
    public void Add(DbDataReader row, int name, int value)
    {
        switch (row.GetString(name))
        {
            case "FirstSeq":
                firstSeq = Integer(row, value);
                break;
            case "LastSeq":
                lastSeq = Integer(row, value);
                break;
            case "FrameCount":
                frameCount = Integer(row, value);
                break;
            case "Frames":
                Release();
                encodedLength = checked((int)row.GetBytes(value, 0, null, 0, 0));
                encoded = PooledFrameBatch.Rent(encodedLength);
                row.GetBytes(value, 0, encoded, 0, encodedLength);
                break;
        }
    }

    /// <summary>The batch the fields make, its frames decoded into a buffer from the pool; <c>null</c> when a field is
    /// missing (the event is then read through Marten). Forgets the fields either way.</summary>
    /// <exception cref="StoredFramesException">The frames' text is not base64.</exception>
    public PooledFrameBatch? Take()
    {
        try
        {
            if (firstSeq is not { } first || lastSeq is not { } last || frameCount is not { } count || count > int.MaxValue
                || encoded is not { } text)
            {
                return null;
            }

            var frames = PooledFrameBatch.Rent(Base64.GetMaxDecodedFromUtf8Length(encodedLength));
            if (Base64.DecodeFromUtf8(text.AsSpan(0, encodedLength), frames, out _, out var length) != OperationStatus.Done)
            {
                PooledFrameBatch.Return(frames);
                throw StoredFramesException.NotBase64(new FrameBatch(first, last, (int)count, [], NoFacts));
            }

            return new PooledFrameBatch(new FrameBatch(first, last, (int)count, frames, NoFacts), length);
        }
        finally
        {
            Release();
            (firstSeq, lastSeq, frameCount) = (null, null, null);
        }
    }

    /// <summary>Hands back the buffer of the frames' text, if one is held.</summary>
    public void Release()
    {
        if (encoded is not null)
        {
            PooledFrameBatch.Return(encoded);
            encoded = null;
        }
    }

    /// <summary>The integer a field's text spells, or <c>null</c> when it spells none (a fraction, an exponent).</summary>
    private static long? Integer(DbDataReader row, int column)
    {
        var text = row.GetFieldValue<byte[]>(column);
        return Utf8Parser.TryParse(text, out long number, out var consumed) && consumed == text.Length ? number : null;
    }
}
