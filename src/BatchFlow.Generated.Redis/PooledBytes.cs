using System.Buffers;

namespace BatchFlow.Redis;

/// <summary>
/// A batch's encoded values in pooled chunks: each value is copied once into the current chunk (a new one when it does
/// not fit) and handed to StackExchange.Redis as a slice, which it reads when it writes the command. The chunks go
/// back to the pool after every reply came; if the attempt was abandoned with commands still pending they are left to
/// the garbage collector instead, since a pending command may still read them.
/// </summary>
internal sealed class PooledBytes : IBufferWriter<byte>, IDisposable
{
    private const int ChunkSize = 64 * 1024;

    private readonly List<byte[]> _chunks = [];
    private byte[] _scratch = ArrayPool<byte>.Shared.Rent(4096);
    private int _scratchLength;
    private byte[]? _current;
    private int _used;

    /// <summary>The bytes written to the scratch buffer since the last <see cref="Clear"/>.</summary>
    public ReadOnlySpan<byte> Written => _scratch.AsSpan(0, _scratchLength);

    /// <summary>Empties the scratch buffer for the next value.</summary>
    public void Clear() => _scratchLength = 0;

    /// <summary>Copies the scratch buffer into a chunk and returns it there; valid until <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> Keep()
    {
        var length = _scratchLength;
        if (_current is null || _current.Length - _used < length)
        {
            _current = ArrayPool<byte>.Shared.Rent(Math.Max(ChunkSize, length));
            _chunks.Add(_current);
            _used = 0;
        }

        _scratch.AsSpan(0, length).CopyTo(_current.AsSpan(_used));
        var kept = new ReadOnlyMemory<byte>(_current, _used, length);
        _used += length;
        return kept;
    }

    public void Advance(int count) => _scratchLength += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _scratch.AsMemory(_scratchLength);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _scratch.AsSpan(_scratchLength);
    }

    /// <summary>Gives up the chunks without returning them to the pool (commands still pending may read them).</summary>
    public void Abandon() => _chunks.Clear();

    public void Dispose()
    {
        foreach (var chunk in _chunks)
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        _chunks.Clear();
        _current = null;
        ArrayPool<byte>.Shared.Return(_scratch);
        _scratch = [];
    }

    private void Reserve(int sizeHint)
    {
        var need = Math.Max(sizeHint, 1);
        if (_scratch.Length - _scratchLength >= need)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_scratch.Length * 2, _scratchLength + need));
        _scratch.AsSpan(0, _scratchLength).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_scratch);
        _scratch = bigger;
    }
}
