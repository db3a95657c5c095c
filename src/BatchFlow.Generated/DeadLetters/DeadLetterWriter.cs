using System.Buffers;
using System.Globalization;

namespace BatchFlow;

/// <summary>
/// Appends the rows of one flow that missed the shutdown deadline to that flow's own dead-letter file
/// (<c>{table}.{utc time}.{id}.deadletter</c> in <see cref="BatchFlowOptions.DeadLetterDirectory"/>), one block per
/// call, flushed to disk before the rows count as dead-lettered. The file is created on the first rows only.
/// </summary>
internal sealed class DeadLetterWriter<T>
{
    private readonly TableDescription<T> _table;
    private readonly WriteColumns<T, DeadLetterColumnWriter> _write;
    private readonly object _gate = new();
    private readonly string _path;
    private bool _created;

    public DeadLetterWriter(string directory, TableDescription<T> table, TimeProvider time)
    {
        _table = table;
        _write = table.Writer.Write;
        var stamp = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmssfff", CultureInfo.InvariantCulture);
        _path = System.IO.Path.Combine(directory, $"{DeadLetterFormat.SafeName(table.Name)}.{stamp}.{Guid.NewGuid():N}{DeadLetterFormat.Extension}");
    }

    public string Path => _path;

    /// <summary>Appends <paramref name="rows"/>; when this returns they are on disk.</summary>
    /// <exception cref="IOException">The file could not be written: the rows are not dead-lettered.</exception>
    public void Append(ReadOnlySpan<T> rows)
    {
        var payload = new ArrayBufferWriter<byte>(rows.Length * 64 + 64);
        var columns = new DeadLetterColumnWriter(payload);
        foreach (ref readonly var row in rows)
        {
            _write(in row, ref columns);
        }

        var block = new ArrayBufferWriter<byte>(payload.WrittenCount + 512);
        lock (_gate)
        {
            if (!_created)
            {
                DeadLetterFormat.WriteHeader(block, _table);
            }

            DeadLetterFormat.WriteInt32(block, rows.Length);
            DeadLetterFormat.WriteInt32(block, payload.WrittenCount);
            block.Write(payload.WrittenSpan);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(_path)!);
            using (var file = new FileStream(_path, _created ? FileMode.Append : FileMode.CreateNew, FileAccess.Write, FileShare.Read))
            {
                file.Write(block.WrittenSpan);
                file.Flush(flushToDisk: true);
            }

            _created = true;
        }
    }
}
