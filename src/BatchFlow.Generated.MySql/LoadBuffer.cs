using System.Buffers;
using System.Diagnostics;

namespace BatchFlow.MySql;

/// <summary>
/// The LOAD DATA text of one batch, in a byte array rented from the shared pool and grown by doubling: encoding a
/// batch allocates nothing once the array is big enough. Not thread-safe; one per write.
/// </summary>
internal sealed class LoadBuffer : IDisposable
{
    private byte[] _bytes;
    private int _length;

    public LoadBuffer(int capacity = 64 * 1024) => _bytes = ArrayPool<byte>.Shared.Rent(capacity);

    /// <summary>Bytes written so far.</summary>
    public int Length => _length;

    /// <summary>The text written so far.</summary>
    public ReadOnlyMemory<byte> Written => _bytes.AsMemory(0, _length);

    /// <summary>A stream over the text written so far (no copy).</summary>
    public MemoryStream AsStream() => new(_bytes, 0, _length, writable: false, publiclyVisible: false);

    /// <summary>At least <paramref name="size"/> writable bytes at the end; <see cref="Advance"/> by what was used.</summary>
    public Span<byte> GetSpan(int size)
    {
        Debug.Assert(size >= 0, "A size is not negative.");
        if (_bytes.Length - _length < size)
        {
            Grow(size);
        }

        return _bytes.AsSpan(_length);
    }

    public void Advance(int count)
    {
        Debug.Assert(count >= 0 && _length + count <= _bytes.Length, "Advanced within the span handed out.");
        _length += count;
    }

    public void Write(byte value)
    {
        if (_length == _bytes.Length)
        {
            Grow(1);
        }

        _bytes[_length++] = value;
    }

    /// <summary>Forgets what was written, keeping the array.</summary>
    public void Clear() => _length = 0;

    public void Dispose()
    {
        var bytes = _bytes;
        _bytes = [];
        _length = 0;
        if (bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private void Grow(int size)
    {
        var needed = checked(_length + size);
        var next = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _bytes.Length <= (Array.MaxLength / 2) ? _bytes.Length * 2 : Array.MaxLength));
        _bytes.AsSpan(0, _length).CopyTo(next);
        ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = next;
    }
}
