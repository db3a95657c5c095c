using System.Buffers;
using System.Text.Json;
using BatchFlow;
using BatchFlow.Sinks;
using Microsoft.Win32.SafeHandles;

namespace CustomSink;

/// <summary>
/// Appends batches of <typeparamref name="T"/> to a JSON Lines file: one JSON object per row, one line per row, the
/// properties named after the columns. Generated <c>{Type}Flow.JsonLines(path, options)</c> factories create it.
/// Written against the public sink seam of BatchFlow.Generated only, as a third-party provider would be.
/// </summary>
/// <remarks>
/// <para>
/// A batch is all or nothing: its rows are serialized into a buffer first (a value the JSON writer refuses, such as
/// NaN, throws there, before the file is touched), then the buffer is appended with one positioned write and
/// flushed to disk. If the append fails, the file is cut back to its previous length. The core then retries a
/// transient failure (an <see cref="IOException"/>) or splits the batch to isolate the rows that cause a permanent one.
/// Only when cutting back fails too (the disk is gone) can part of a failed batch stay in the file.
/// </para>
/// <para>
/// The file is opened at the first write, created if missing, and kept open, shared for reading only, until the
/// sink is disposed. Batches are appended one at a time, whatever <see cref="BatchFlowOptions.MaxConcurrentFlushes"/>
/// says, so lines never interleave. If the file does not end with a line break (a line cut short by a crash), the
/// first batch starts with one, so that its first row stays a line of its own.
/// </para>
/// <para>
/// Only <see cref="Conflict.None"/> is supported: an append-only file cannot skip, update or replace a row written
/// before. Nor does it check keys: a key written twice is two lines, as in a table without a unique constraint.
/// </para>
/// </remarks>
/// <typeparam name="T">The row type.</typeparam>
public sealed class JsonLinesSink<T> : IBatchSink<T>
{
    // One write at a time is all a single file takes; the linger and size are the core's usual ones.
    private static readonly BatchSinkDefaults s_defaults = new(1_000, TimeSpan.FromMilliseconds(100), 1);

    private readonly IRowWriter<T> _writer;
    private readonly JsonEncodedText[] _names;

    // Guards everything below: the serialization buffer is shared, and appends must not interleave even when the
    // options allow concurrent flushes.
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Reused from batch to batch, so a steady flow allocates no buffer after the first batches have sized it.
    private readonly ArrayBufferWriter<byte> _buffer = new();
    private readonly Utf8JsonWriter _json;
    private SafeFileHandle? _file;
    private long _length;
    private bool _startWithLineBreak;
    private bool _disposed;

    /// <summary>Creates the sink. Nothing is opened until the first write.</summary>
    /// <param name="path">The JSON Lines file to append to; created if missing. A relative path is resolved against the current directory now.</param>
    /// <param name="table">The generated table description.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or not a valid path.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="table"/> is null.</exception>
    /// <exception cref="NotSupportedException">The table's conflict mode is not <see cref="Conflict.None"/>.</exception>
    public JsonLinesSink(string path, TableDescription<T> table)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(table);
        if (table.Conflict != Conflict.None)
        {
            throw new NotSupportedException(
                $"The JSON Lines sink cannot write table '{table.Name}' with Conflict.{table.Conflict}: a JSON Lines file is append-only, so a row whose key was written before cannot be skipped, updated or replaced. Declare the table with Conflict.None (the default), or write it through a database provider.");
        }

        FilePath = Path.GetFullPath(path);
        Table = table;
        _writer = table.Writer;
        _names = JsonColumnWriter.PropertyNames(table);

        // Validation stays on, so that a misplaced call throws instead of producing a line that is not JSON (a skipped
        // or extra column is caught by the column count). The default encoder escapes non-ASCII text, which every
        // JSON reader decodes.
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Indented = false, SkipValidation = false });
    }

    /// <inheritdoc />
    public string Provider => "jsonlines";

    /// <inheritdoc />
    public TableDescription<T> Table { get; }

    /// <summary>The full path of the file.</summary>
    public string FilePath { get; }

    /// <summary>1,000 rows per batch, 100 ms linger, one write at a time (one file takes one append at a time).</summary>
    public BatchSinkDefaults Defaults => s_defaults;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A value cannot be written as JSON (NaN, an infinity, an unpaired surrogate); nothing of the batch is appended.</exception>
    /// <exception cref="IOException">The file could not be opened or appended to; nothing of the batch is left in it.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; nothing of the batch is left in the file.</exception>
    public async ValueTask WriteAsync(ReadOnlyMemory<T> rows, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (rows.IsEmpty)
            {
                return;
            }

            // Opened before serializing, since whether the batch must start with a line break depends on the file.
            var file = _file ??= Open();
            Serialize(rows.Span);
            await AppendAsync(file, _buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            _startWithLineBreak = false;
        }
        finally
        {
            // Whatever happened, the next batch starts from an empty buffer and a writer at the top level.
            if (!_disposed)
            {
                _buffer.ResetWrittenCount();
                _json.Reset(_buffer);
            }

            _gate.Release();
        }
    }

    /// <summary>
    /// True when an <see cref="IOException"/> is anywhere in the chain (a full disk, a file locked by another
    /// process, a network share gone): the file was left as it was, and the same batch can succeed later.
    /// </summary>
    public bool IsTransient(Exception exception) => ExceptionChain.Any(exception, static e => e is IOException);

    /// <summary>
    /// True when the file cannot be opened for writing at all (access denied) or the sink is disposed: every row would
    /// fail the same way, so splitting the batch would only multiply the attempts.
    /// </summary>
    public bool IsBatchWide(Exception exception) =>
        ExceptionChain.Any(exception, static e => e is UnauthorizedAccessException or ObjectDisposedException);

    /// <summary>Waits for a write in progress, then closes the file. Every appended batch is already flushed to disk.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _file?.Dispose();
            _file = null;
            await _json.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private SafeFileHandle Open()
    {
        // FileShare.Read: readers may follow the file, but no other writer can append between our offsets.
        var file = File.OpenHandle(FilePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            _length = RandomAccess.GetLength(file);
            _startWithLineBreak = false;
            if (_length > 0)
            {
                Span<byte> last = stackalloc byte[1];
                _startWithLineBreak = RandomAccess.Read(file, last, _length - 1) == 1 && last[0] != (byte)'\n';
            }

            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Serializes every row into the buffer, one line each; throws, with nothing written to the file, on a value JSON refuses.</summary>
    private void Serialize(ReadOnlySpan<T> rows)
    {
        if (_startWithLineBreak)
        {
            _buffer.Write("\n"u8);
        }

        foreach (ref readonly var row in rows)
        {
            _json.WriteStartObject();
            var columns = new JsonColumnWriter(_json, _names);
            _writer.Write(in row, ref columns);
            if (columns.Written != _names.Length)
            {
                throw new InvalidOperationException(
                    $"The row writer of table '{Table.Name}' wrote {columns.Written} of its {_names.Length} columns.");
            }

            _json.WriteEndObject();

            // Flush moves the object into the buffer, so the line break lands after it; Reset lets the writer start
            // the next line's object as a new top-level value (a JSON writer accepts one per document).
            _json.Flush();
            _buffer.Write("\n"u8);
            _json.Reset();
        }
    }

    private async ValueTask AppendAsync(SafeFileHandle file, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var start = _length;
        try
        {
            await RandomAccess.WriteAsync(file, bytes, start, cancellationToken).ConfigureAwait(false);

            // The core counts the rows as written once this returns, so they must survive a crash, as a commit would.
            RandomAccess.FlushToDisk(file);
            _length = start + bytes.Length;
        }
        catch
        {
            // Part of the batch may have reached the file: cut it off, so that a retry or the halves of a split
            // batch do not append those rows twice.
            RollBack(file, start);
            throw;
        }
    }

    private void RollBack(SafeFileHandle file, long length)
    {
        try
        {
            RandomAccess.SetLength(file, length);
            RandomAccess.FlushToDisk(file);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The file may now end with part of the failed batch, and its length is unknown: reopen it before the
            // next write, which then measures it again and starts with a line break if a line was cut short.
            _file = null;
            file.Dispose();
        }
    }
}
