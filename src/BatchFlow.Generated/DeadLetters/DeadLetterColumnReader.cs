using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace BatchFlow;

/// <summary>
/// Reads values back from a dead-letter payload (<see cref="DeadLetterFormat"/>). Every value's tag is checked against
/// the type asked for: a file that does not match its table is refused with <see cref="InvalidDataException"/>, never
/// converted.
/// </summary>
internal struct DeadLetterColumnReader : IColumnReader
{
    private readonly ReadOnlyMemory<byte> _payload;
    private int _position;

    public DeadLetterColumnReader(ReadOnlyMemory<byte> payload)
    {
        _payload = payload;
        _position = 0;
    }

    public readonly bool AtEnd => _position >= _payload.Length;

    public readonly int Position => _position;

    public bool ReadNull()
    {
        if (Peek() != DeadLetterFormat.NullTag)
        {
            return false;
        }

        _position++;
        return true;
    }

    public bool ReadBoolean() => Take(ColumnType.Boolean, 1)[0] switch
    {
        0 => false,
        1 => true,
        var other => throw new InvalidDataException($"The dead-letter file holds {other} where a boolean (0 or 1) was expected."),
    };

    public byte ReadByte() => Take(ColumnType.Byte, 1)[0];

    public sbyte ReadSByte() => unchecked((sbyte)Take(ColumnType.SByte, 1)[0]);

    public short ReadInt16() => BinaryPrimitives.ReadInt16LittleEndian(Take(ColumnType.Int16, 2));

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(ColumnType.UInt16, 2));

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(ColumnType.Int32, 4));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(ColumnType.UInt32, 4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(ColumnType.Int64, 8));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(ColumnType.UInt64, 8));

    public float ReadSingle() => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadInt32LittleEndian(Take(ColumnType.Single, 4)));

    public double ReadDouble() => BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(Take(ColumnType.Double, 8)));

    public decimal ReadDecimal()
    {
        var span = Take(ColumnType.Decimal, 16);
        ReadOnlySpan<int> bits =
        [
            BinaryPrimitives.ReadInt32LittleEndian(span),
            BinaryPrimitives.ReadInt32LittleEndian(span[4..]),
            BinaryPrimitives.ReadInt32LittleEndian(span[8..]),
            BinaryPrimitives.ReadInt32LittleEndian(span[12..]),
        ];
        try
        {
            return new decimal(bits);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidDataException("The dead-letter file holds an invalid decimal.", exception);
        }
    }

    public string ReadString()
    {
        ExpectTag(ColumnType.String);
        return ReadText();
    }

    public char ReadChar() => (char)BinaryPrimitives.ReadUInt16LittleEndian(Take(ColumnType.Char, 2));

    public Guid ReadGuid() => new(Take(ColumnType.Guid, 16));

    public DateTime ReadDateTime()
    {
        var span = Take(ColumnType.DateTime, 9);
        var kind = span[8] <= (byte)DateTimeKind.Local
            ? (DateTimeKind)span[8]
            : throw new InvalidDataException($"The dead-letter file holds DateTimeKind {span[8]}, which does not exist.");
        return new DateTime(Ticks(BinaryPrimitives.ReadInt64LittleEndian(span), DateTime.MaxValue.Ticks), kind);
    }

    public DateTimeOffset ReadDateTimeOffset()
    {
        var span = Take(ColumnType.DateTimeOffset, 16);
        try
        {
            return new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(span), new TimeSpan(BinaryPrimitives.ReadInt64LittleEndian(span[8..])));
        }
        catch (ArgumentException exception)
        {
            throw new InvalidDataException("The dead-letter file holds an invalid DateTimeOffset.", exception);
        }
    }

    public DateOnly ReadDateOnly()
    {
        var day = BinaryPrimitives.ReadInt32LittleEndian(Take(ColumnType.DateOnly, 4));
        return day >= 0 && day <= DateOnly.MaxValue.DayNumber
            ? DateOnly.FromDayNumber(day)
            : throw new InvalidDataException($"The dead-letter file holds day number {day}, outside DateOnly's range.");
    }

    public TimeOnly ReadTimeOnly() => new(Ticks(BinaryPrimitives.ReadInt64LittleEndian(Take(ColumnType.TimeOnly, 8)), TimeOnly.MaxValue.Ticks));

    public TimeSpan ReadTimeSpan() => new(BinaryPrimitives.ReadInt64LittleEndian(Take(ColumnType.TimeSpan, 8)));

    public byte[] ReadBytes()
    {
        ExpectTag(ColumnType.Binary);
        var length = ReadLength();
        return Slice(length).ToArray();
    }

    /// <summary>Reads a length-prefixed UTF-16 string (no tag): header names and string values.</summary>
    public string ReadText()
    {
        var length = ReadLength();
        var bytes = Slice(checked(length * 2));
        if (BitConverter.IsLittleEndian)
        {
            return new string(MemoryMarshal.Cast<byte, char>(bytes));
        }

        return string.Create(length, bytes.ToArray(), static (chars, raw) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(i * 2));
            }
        });
    }

    /// <summary>Reads a raw byte (no tag): header fields.</summary>
    public byte ReadRawByte() => Slice(1)[0];

    /// <summary>Reads a raw int32 (no tag): header fields.</summary>
    public int ReadRawInt32() => BinaryPrimitives.ReadInt32LittleEndian(Slice(4));

    private static long Ticks(long ticks, long max) =>
        ticks >= 0 && ticks <= max ? ticks : throw new InvalidDataException($"The dead-letter file holds {ticks} ticks, outside the type's range.");

    private int ReadLength()
    {
        var length = ReadRawInt32();
        return length >= 0 ? length : throw new InvalidDataException($"The dead-letter file holds a negative length ({length}).");
    }

    private readonly byte Peek() =>
        _position < _payload.Length ? _payload.Span[_position] : throw new InvalidDataException("The dead-letter row ends before its last column.");

    private void ExpectTag(ColumnType type)
    {
        var tag = Peek();
        if (tag != DeadLetterFormat.Tag(type))
        {
            throw new InvalidDataException(tag == DeadLetterFormat.NullTag
                ? $"The dead-letter file holds null where a {type} that cannot be null was expected."
                : $"The dead-letter file holds a {(ColumnType)(tag - 1)} where a {type} was expected.");
        }

        _position++;
    }

    private ReadOnlySpan<byte> Take(ColumnType type, int size)
    {
        ExpectTag(type);
        return Slice(size);
    }

    private ReadOnlySpan<byte> Slice(int size)
    {
        if (size > _payload.Length - _position)
        {
            throw new InvalidDataException("The dead-letter row ends in the middle of a value.");
        }

        var span = _payload.Span.Slice(_position, size);
        _position += size;
        return span;
    }
}
