using System.Collections.Concurrent;

namespace TraceLab.Replayer.Streaming;

/// <summary>Arrays of one length handed back by the stage that is done with them to the stage that fills them, across
/// threads.</summary>
/// <remarks>A replay's stages hand each other a segment's frames and steps (a thousand of each); a new array per
/// segment was a tenth of what a replay allocated, and lived long enough in the hand-offs to be copied by the garbage
/// collector on its way out. At most <c>capacity</c> arrays wait here, so memory stays bounded; an array returned
/// beyond that, or of another length, is left to the collector.</remarks>
internal sealed class ArrayRecycler<T>(int length, int capacity)
{
    private readonly ConcurrentQueue<T[]> free = new();

    /// <summary>The length of the arrays handed out.</summary>
    public int Length { get; } = Math.Max(1, length);

    /// <summary>An array of <see cref="Length"/> elements, all default.</summary>
    public T[] Rent() => free.TryDequeue(out var array) ? array : new T[Length];

    /// <summary>Hands back an array whose first <paramref name="used"/> elements were written; they are cleared, so that
    /// a waiting array keeps nothing alive.</summary>
    public void Return(T[] array, int used)
    {
        if (array.Length != Length)
        {
            return;
        }

        Array.Clear(array, 0, Math.Min(used, array.Length));
        if (free.Count < capacity)
        {
            free.Enqueue(array);
        }
    }
}
