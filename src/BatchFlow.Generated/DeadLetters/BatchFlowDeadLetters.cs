using System.Buffers.Binary;

namespace BatchFlow;

/// <summary>
/// Reads and replays dead-letter files: the rows a flow could not write before its shutdown deadline, kept on disk
/// when <see cref="BatchFlowOptions.DeadLetterDirectory"/> is set.
/// </summary>
public static class BatchFlowDeadLetters
{
    /// <summary>The dead-letter files in <paramref name="directory"/> for <paramref name="table"/>, oldest first.</summary>
    /// <param name="directory">The dead-letter directory.</param>
    /// <param name="table">The table whose files to list.</param>
    /// <returns>Full paths; empty when the directory does not exist.</returns>
    public static IReadOnlyList<string> FindFiles(string directory, TableShape table)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(table);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var prefix = DeadLetterFormat.SafeName(table.Name) + ".";
        return
        [
            .. Directory.EnumerateFiles(directory, prefix + "*")
                .Where(path => path.EndsWith(DeadLetterFormat.Extension, StringComparison.Ordinal)
                    || path.EndsWith(DeadLetterFormat.Extension + DeadLetterFormat.ReplayingExtension, StringComparison.Ordinal))
                .Where(path => ReadsAs(path, table))
                .Order(StringComparer.Ordinal),
        ];
    }

    /// <summary>Reads every row of a dead-letter file, checking that the file was written for <paramref name="table"/>.</summary>
    /// <typeparam name="T">The row type.</typeparam>
    /// <param name="path">The file.</param>
    /// <param name="table">The table description the rows are rebuilt with; it needs a generated <see cref="TableDescription{T}.Reader"/>.</param>
    /// <returns>The rows, in the order they were written.</returns>
    /// <exception cref="InvalidDataException">The file is not a dead-letter file, was written for another table or column layout, or is cut short.</exception>
    /// <exception cref="NotSupportedException">The row type has no generated reader.</exception>
    public static IReadOnlyList<T> ReadFile<T>(string path, TableDescription<T> table)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(table);
        var read = ReaderOf(table);
        var bytes = File.ReadAllBytes(path);
        var reader = new DeadLetterColumnReader(bytes);
        CheckHeader(ref reader, table, path);
        var rows = new List<T>();
        var offset = reader.Position;
        while (offset < bytes.Length)
        {
            if (bytes.Length - offset < 8)
            {
                throw new InvalidDataException($"The dead-letter file '{path}' ends inside a block header: it was cut short.");
            }

            var count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset));
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4));
            offset += 8;
            if (count < 0 || length < 0 || length > bytes.Length - offset)
            {
                throw new InvalidDataException($"The dead-letter file '{path}' ends inside a block of {count} row(s): it was cut short.");
            }

            var block = new DeadLetterColumnReader(bytes.AsMemory(offset, length));
            for (var i = 0; i < count; i++)
            {
                rows.Add(read.Read(ref block));
            }

            if (!block.AtEnd)
            {
                throw new InvalidDataException($"A block of the dead-letter file '{path}' holds more data than its {count} row(s).");
            }

            offset += length;
        }

        return rows;
    }

    /// <summary>
    /// Submits the rows of every dead-letter file for <paramref name="flow"/>'s table in <paramref name="directory"/>
    /// into the flow, waits until they are written or reported (<see cref="BatchFlow{T}.FlushAsync"/>), and deletes each
    /// file after its rows are done. A file being replayed is renamed to <c>.replaying</c> first, so two replays do not
    /// take the same file; one left behind by a crash during replay is replayed again by the next call (its rows may
    /// then arrive twice: Conflict.Ignore or Update make that harmless).
    /// </summary>
    /// <typeparam name="T">The row type.</typeparam>
    /// <param name="flow">The flow to write the rows through (its table's generated reader rebuilds them).</param>
    /// <param name="directory">The dead-letter directory.</param>
    /// <param name="cancellationToken">Stops between files and while waiting for room in the flow; a file whose rows were not all submitted is kept.</param>
    /// <returns>How many rows were submitted.</returns>
    public static async Task<long> ReplayAsync<T>(BatchFlow<T> flow, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        long submitted = 0;
        foreach (var path in FindFiles(directory, flow.Table))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var claimed = path.EndsWith(DeadLetterFormat.ReplayingExtension, StringComparison.Ordinal) ? path : path + DeadLetterFormat.ReplayingExtension;
            if (!ReferenceEquals(claimed, path))
            {
                try
                {
                    File.Move(path, claimed);
                }
                catch (FileNotFoundException)
                {
                    continue; // Another replay took it.
                }
            }

            foreach (var row in ReadFile(claimed, flow.Table))
            {
                await flow.SubmitAsync(row, cancellationToken).ConfigureAwait(false);
                submitted++;
            }

            await flow.FlushAsync(cancellationToken).ConfigureAwait(false);
            File.Delete(claimed);
        }

        return submitted;
    }

    private static IRowReader<T> ReaderOf<T>(TableDescription<T> table) =>
        table.Reader ?? throw new NotSupportedException(
            $"{typeof(T).Name} has no generated row reader (a column member can be neither passed to a constructor nor assigned), so its dead letters cannot be rebuilt.");

    private static bool ReadsAs(string path, TableShape table)
    {
        try
        {
            var header = new byte[Math.Min(new FileInfo(path).Length, 64 * 1024)];
            using (var file = File.OpenRead(path))
            {
                file.ReadExactly(header);
            }

            var reader = new DeadLetterColumnReader(header);
            CheckHeader(ref reader, table, path);
            return true;
        }
        catch (InvalidDataException)
        {
            return false; // Another table whose name maps to the same file name.
        }
    }

    private static void CheckHeader(ref DeadLetterColumnReader reader, TableShape table, string path)
    {
        try
        {
            for (var i = 0; i < DeadLetterFormat.Magic.Length; i++)
            {
                if (reader.ReadRawByte() != DeadLetterFormat.Magic[i])
                {
                    throw new InvalidDataException($"'{path}' is not a dead-letter file.");
                }
            }

            var version = reader.ReadRawByte();
            if (version != DeadLetterFormat.Version)
            {
                throw new InvalidDataException($"The dead-letter file '{path}' has format version {version}; this library reads version {DeadLetterFormat.Version}.");
            }

            var name = reader.ReadText();
            var count = reader.ReadRawInt32();
            var columns = table.Columns;
            var matches = name == table.Name && count == columns.Count;
            for (var i = 0; i < count && matches; i++)
            {
                var column = reader.ReadText();
                var type = (ColumnType)reader.ReadRawByte();
                var isEnum = reader.ReadRawByte() == 1;
                matches = column == columns[i].Name && type == columns[i].Type && isEnum == columns[i].IsEnum;
            }

            if (!matches)
            {
                throw new InvalidDataException($"The dead-letter file '{path}' was written for table '{name}' with another column layout than table '{table.Name}' ({string.Join(", ", columns)}).");
            }
        }
        catch (InvalidDataException)
        {
            throw;
        }
        catch (Exception exception) when (exception is ArgumentException or OverflowException)
        {
            throw new InvalidDataException($"The header of the dead-letter file '{path}' is damaged.", exception);
        }
    }
}
