namespace TraceLab.Recorder.Tests.Support;

/// <summary>Changes one nested array of a frame's fields, addressed by the indexes that lead to it from the frame
/// (<c>[17, 1, 0]</c>: element 17, its element 1, that one's element 0); the original is left unchanged.</summary>
internal static class FieldPath
{
    /// <summary>Appends <paramref name="extra"/> to the array at <paramref name="path"/>.</summary>
    public static object?[] Append(object?[] fields, int[] path, params object?[] extra) =>
        Change(fields, path, array => [.. array, .. extra]);

    /// <summary>Replaces the element at <paramref name="path"/> (the last index picks the element).</summary>
    public static object?[] Replace(object?[] fields, int[] path, object? value) =>
        Change(fields, path.AsSpan(..^1), array =>
        {
            var copy = (object?[])array.Clone();
            copy[path[^1]] = value;
            return copy;
        });

    /// <summary>Keeps the first <paramref name="length"/> elements of the array at <paramref name="path"/>.</summary>
    public static object?[] Truncate(object?[] fields, int[] path, int length) => Change(fields, path, array => array[..length]);

    private static object?[] Change(object?[] array, ReadOnlySpan<int> path, Func<object?[], object?[]> change)
    {
        if (path.IsEmpty)
        {
            return change(array);
        }

        var copy = (object?[])array.Clone();
        copy[path[0]] = Change(
            array[path[0]] as object?[] ?? throw new ArgumentException($"Element {path[0]} is not an array.", nameof(path)),
            path[1..],
            change);
        return copy;
    }
}
