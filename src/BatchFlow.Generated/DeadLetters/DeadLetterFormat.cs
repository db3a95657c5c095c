using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace BatchFlow;

/// <summary>
/// The layout of a dead-letter file, little-endian throughout:
/// a header (<c>BFDL</c>, version 1, the table name, then per column its name, <see cref="ColumnType"/> and enum flag),
/// then blocks of rows, each <c>[int32 rows][int32 bytes][payload]</c>, written whole and flushed to disk, so a
/// block cut short by a crash is recognised (and refused) rather than misread. In a payload each value is a tag byte
/// (0 for null, else 1 + its <see cref="ColumnType"/>) and the value's exact bits: strings as their UTF-16 code units
/// (a lone surrogate survives), <see cref="DateTime"/> as ticks and kind, decimals as their four integers.
/// </summary>
internal static class DeadLetterFormat
{
    public const string Extension = ".deadletter";
    public const string ReplayingExtension = ".replaying";
    public const byte Version = 1;
    public const byte NullTag = 0;
    public static ReadOnlySpan<byte> Magic => "BFDL"u8;

    /// <summary>The tag of a non-null value of <paramref name="type"/>.</summary>
    public static byte Tag(ColumnType type) => (byte)(1 + (int)type);

    /// <summary>A file name part safe on every file system, for a table name that may hold any character.</summary>
    public static string SafeName(string table)
    {
        var invalid = Path.GetInvalidFileNameChars();
        return string.Create(table.Length, (table, invalid), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = state.table[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_';
            }
        });
    }

    public static void WriteHeader(IBufferWriter<byte> output, TableShape table)
    {
        Magic.CopyTo(output.GetSpan(Magic.Length));
        output.Advance(Magic.Length);
        WriteByte(output, Version);
        WriteText(output, table.Name);
        WriteInt32(output, table.Columns.Count);
        foreach (var column in table.Columns)
        {
            WriteText(output, column.Name);
            WriteByte(output, (byte)column.Type);
            WriteByte(output, column.IsEnum ? (byte)1 : (byte)0);
        }
    }

    public static void WriteByte(IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    public static void WriteInt32(IBufferWriter<byte> output, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(output.GetSpan(4), value);
        output.Advance(4);
    }

    public static void WriteInt64(IBufferWriter<byte> output, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(output.GetSpan(8), value);
        output.Advance(8);
    }

    /// <summary>Writes a string's UTF-16 code units as they are, after their count: no encoding can alter them.</summary>
    public static void WriteText(IBufferWriter<byte> output, string value)
    {
        WriteInt32(output, value.Length);
        var bytes = value.Length * 2;
        var span = output.GetSpan(bytes);
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(value.AsSpan()).CopyTo(span);
        }
        else
        {
            for (var i = 0; i < value.Length; i++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(span[(i * 2)..], value[i]);
            }
        }

        output.Advance(bytes);
    }
}
