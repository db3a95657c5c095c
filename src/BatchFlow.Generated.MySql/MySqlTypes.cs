using System.Globalization;

namespace BatchFlow.MySql;

/// <summary>
/// How each <see cref="ColumnType"/> is stored in MySQL and MariaDB: the column type to declare
/// (<see cref="TypeName"/>) and which other column types a member may go into. The sink reads the table's real columns
/// from <c>information_schema</c> before its first write and fails naming every column that does not fit, so a value
/// is never narrowed, padded or converted by the server without a word.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Integers go into any integer column that holds every value of the member type (<c>byte</c> into
/// <c>TINYINT UNSIGNED</c> or wider, <c>ulong</c> only into <c>BIGINT UNSIGNED</c>); enums follow their underlying type.</item>
/// <item><c>bool</c>: <c>TINYINT(1)</c> (MySQL's <c>BOOLEAN</c>; any <c>TINYINT</c>) or <c>BIT(1)</c>, as 1 and 0.</item>
/// <item><c>float</c>: <c>FLOAT</c> or <c>DOUBLE</c>; <c>double</c>: <c>DOUBLE</c>. NaN and infinities fail their row
/// (the server cannot store them).</item>
/// <item><c>string</c>: <c>VARCHAR(n)</c>, the <c>TEXT</c> types and <c>JSON</c>; <c>char</c> likewise. Not <c>CHAR(n)</c>,
/// which drops trailing spaces when read. Text travels as UTF-8 (utf8mb4): a 4-byte character round-trips in a utf8mb4
/// column; a value the column's character set cannot hold, or that is too long, fails its row with the server's error;
/// a value with an unpaired UTF-16 surrogate fails its row before it is sent.</item>
/// <item><c>Guid</c>: <c>CHAR(36)</c> (or <c>VARCHAR(n ≥ 36)</c>, MariaDB's <c>UUID</c>) as lower-case text
/// <c>xxxxxxxx-xxxx-…</c>, or <c>BINARY(16)</c> in RFC 4122 byte order (MySQL's <c>UUID_TO_BIN(u)</c>, MySqlConnector's
/// <c>GuidFormat=Binary16</c>).</item>
/// <item><c>DateTime</c>: <c>DATETIME(p)</c>, its wall clock as given, whatever its <see cref="DateTime.Kind"/>.
/// <c>DateTimeOffset</c>: <c>DATETIME(p)</c> or <c>TIMESTAMP(p)</c> as the UTC instant (MySQL has no offset type;
/// the flow's sessions use time zone <c>+00:00</c>), read back with offset 0. <c>DateOnly</c>: <c>DATE</c>;
/// <c>TimeOnly</c>: <c>TIME(p)</c>.</item>
/// <item><c>TimeSpan</c>: <c>TIME(p)</c>, whose range is ±838:59:59.999999 (a value outside fails its row with the
/// server's error), or <c>BIGINT</c> as <see cref="TimeSpan.Ticks"/> for any value.</item>
/// <item>Fractional seconds: microseconds are kept and the 7th digit (100 ns) is dropped; a value with more fractional
/// digits than the column's precision <c>p</c> keeps fails its row instead of being rounded.</item>
/// <item><c>byte[]</c>: <c>VARBINARY(n)</c> or the <c>BLOB</c> types. Not <c>BINARY(n)</c>, which pads shorter values
/// with zero bytes.</item>
/// </list>
/// </remarks>
public static class MySqlTypes
{
    /// <summary>
    /// The column type to declare for a member of <paramref name="type"/>, as SQL writes it (<c>BIGINT</c>,
    /// <c>DATETIME(6)</c>, …). <see cref="ColumnType.String"/> is <c>TEXT</c> (up to 65,535 bytes); a key column needs
    /// <c>VARCHAR(n)</c>, which an index can hold.
    /// </summary>
    /// <param name="type">The member type.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a defined value.</exception>
    public static string TypeName(ColumnType type) => type switch
    {
        ColumnType.Boolean => "TINYINT(1)",
        ColumnType.Byte => "TINYINT UNSIGNED",
        ColumnType.SByte => "TINYINT",
        ColumnType.Int16 => "SMALLINT",
        ColumnType.UInt16 => "SMALLINT UNSIGNED",
        ColumnType.Int32 => "INT",
        ColumnType.UInt32 => "INT UNSIGNED",
        ColumnType.Int64 => "BIGINT",
        ColumnType.UInt64 => "BIGINT UNSIGNED",
        ColumnType.Single => "FLOAT",
        ColumnType.Double => "DOUBLE",
        ColumnType.Decimal => "DECIMAL(65,30)",
        ColumnType.String => "TEXT",
        ColumnType.Char => "VARCHAR(1)",
        ColumnType.Guid => "CHAR(36)",
        ColumnType.DateTime => "DATETIME(6)",
        ColumnType.DateTimeOffset => "DATETIME(6)",
        ColumnType.DateOnly => "DATE",
        ColumnType.TimeOnly => "TIME(6)",
        ColumnType.TimeSpan => "TIME(6)",
        ColumnType.Binary => "LONGBLOB",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a ColumnType value."),
    };

    /// <summary>
    /// Every member type that <see cref="Fit"/> lets into <paramref name="column"/>, in <see cref="ColumnType"/> order:
    /// what a schema snapshot lists as the column's <c>accepts</c>.
    /// </summary>
    internal static IReadOnlyList<ColumnType> Accepts(CatalogColumn column)
    {
        var accepted = new List<ColumnType>();
        foreach (var type in Enum.GetValues<ColumnType>())
        {
            if (Fit(type, column, out _) is not null)
            {
                accepted.Add(type);
            }
        }

        return accepted;
    }

    /// <summary>
    /// How a member of <paramref name="type"/> is written into <paramref name="column"/>, or why it cannot be. The one
    /// rule for both the sink (before its first batch) and schema snapshots (<see cref="Accepts"/>).
    /// </summary>
    internal static MySqlColumnFormat? Fit(ColumnType type, CatalogColumn column, out string? problem)
    {
        problem = null;
        var data = column.DataType;
        switch (type)
        {
            case ColumnType.Boolean:
                if (IsInteger(data))
                {
                    return MySqlColumnFormat.Native;
                }

                if (data == "bit" && column.ColumnType == "bit(1)")
                {
                    return new MySqlColumnFormat(MySqlValueFormat.BooleanBit, 0);
                }

                break;
            case ColumnType.Byte or ColumnType.SByte or ColumnType.Int16 or ColumnType.UInt16
                or ColumnType.Int32 or ColumnType.UInt32 or ColumnType.Int64 or ColumnType.UInt64:
                if (IntegerRange(data, column.IsUnsigned) is { } range)
                {
                    var (min, max) = MemberRange(type);
                    if (range.Min <= min && max <= range.Max)
                    {
                        return MySqlColumnFormat.Native;
                    }

                    problem = string.Create(CultureInfo.InvariantCulture, $"is {column.ColumnType}, which cannot hold every {type} value ({min} to {max})");
                    return null;
                }

                break;
            case ColumnType.Single:
                if (data is "float" or "double")
                {
                    return MySqlColumnFormat.Native;
                }

                break;
            case ColumnType.Double:
                if (data == "double")
                {
                    return MySqlColumnFormat.Native;
                }

                break;
            case ColumnType.Decimal:
                if (data == "decimal")
                {
                    return MySqlColumnFormat.Native;
                }

                break;
            case ColumnType.String or ColumnType.Char:
                if (data is "varchar" or "tinytext" or "text" or "mediumtext" or "longtext" or "json")
                {
                    return MySqlColumnFormat.Native;
                }

                if (data == "char")
                {
                    problem = $"is {column.ColumnType}, which drops trailing spaces when read back; declare it VARCHAR(n)";
                    return null;
                }

                break;
            case ColumnType.Guid:
                if (data == "uuid" || (data == "char" && column.CharacterLength == 36) || (data == "varchar" && column.CharacterLength >= 36))
                {
                    return MySqlColumnFormat.Native;
                }

                if (data == "binary" && column.CharacterLength == 16)
                {
                    return new MySqlColumnFormat(MySqlValueFormat.GuidBinary, 0);
                }

                break;
            case ColumnType.DateTime:
                if (data == "datetime")
                {
                    return Fraction(column);
                }

                break;
            case ColumnType.DateTimeOffset:
                if (data is "datetime" or "timestamp")
                {
                    return Fraction(column);
                }

                break;
            case ColumnType.DateOnly:
                if (data == "date")
                {
                    return MySqlColumnFormat.Native;
                }

                break;
            case ColumnType.TimeOnly:
                if (data == "time")
                {
                    return Fraction(column);
                }

                break;
            case ColumnType.TimeSpan:
                if (data == "time")
                {
                    return Fraction(column);
                }

                if (data == "bigint" && !column.IsUnsigned)
                {
                    return new MySqlColumnFormat(MySqlValueFormat.TimeSpanTicks, 0);
                }

                break;
            case ColumnType.Binary:
                if (data is "varbinary" or "tinyblob" or "blob" or "mediumblob" or "longblob")
                {
                    return MySqlColumnFormat.Native;
                }

                if (data == "binary")
                {
                    problem = $"is {column.ColumnType}, which pads shorter values with zero bytes; declare it VARBINARY(n) or a BLOB type";
                    return null;
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Not a ColumnType value.");
        }

        problem = $"is {column.ColumnType}, which does not take {type} values (declare {TypeName(type)})";
        return null;
    }

    private static MySqlColumnFormat Fraction(CatalogColumn column) =>
        new(MySqlValueFormat.Native, (byte)Math.Clamp(column.FractionDigits ?? 0, 0, 6));

    private static bool IsInteger(string data) => data is "tinyint" or "smallint" or "mediumint" or "int" or "bigint";

    private static (Int128 Min, Int128 Max)? IntegerRange(string data, bool unsigned) => (data, unsigned) switch
    {
        ("tinyint", false) => (sbyte.MinValue, sbyte.MaxValue),
        ("tinyint", true) => (0, byte.MaxValue),
        ("smallint", false) => (short.MinValue, short.MaxValue),
        ("smallint", true) => (0, ushort.MaxValue),
        ("mediumint", false) => (-8_388_608, 8_388_607),
        ("mediumint", true) => (0, 16_777_215),
        ("int", false) => (int.MinValue, int.MaxValue),
        ("int", true) => (0, uint.MaxValue),
        ("bigint", false) => (long.MinValue, long.MaxValue),
        ("bigint", true) => (0, ulong.MaxValue),
        _ => null,
    };

    private static (Int128 Min, Int128 Max) MemberRange(ColumnType type) => type switch
    {
        ColumnType.Byte => (byte.MinValue, byte.MaxValue),
        ColumnType.SByte => (sbyte.MinValue, sbyte.MaxValue),
        ColumnType.Int16 => (short.MinValue, short.MaxValue),
        ColumnType.UInt16 => (ushort.MinValue, ushort.MaxValue),
        ColumnType.Int32 => (int.MinValue, int.MaxValue),
        ColumnType.UInt32 => (uint.MinValue, uint.MaxValue),
        ColumnType.Int64 => (long.MinValue, long.MaxValue),
        _ => (ulong.MinValue, ulong.MaxValue),
    };
}

/// <summary>How a value is sent when its member type has more than one form.</summary>
internal enum MySqlValueFormat : byte
{
    /// <summary>The member type's one form (text, number, date).</summary>
    Native,

    /// <summary>A <see cref="Guid"/> into <c>BINARY(16)</c>, RFC 4122 byte order.</summary>
    GuidBinary,

    /// <summary>A <see cref="bool"/> into <c>BIT(1)</c>.</summary>
    BooleanBit,

    /// <summary>A <see cref="TimeSpan"/> into <c>BIGINT</c>, as ticks.</summary>
    TimeSpanTicks,
}

/// <summary>How one column's values are written: the form, and for time columns the fractional digits the column keeps.</summary>
/// <param name="Format">The form.</param>
/// <param name="FractionDigits">For <c>DATETIME</c>, <c>TIMESTAMP</c> and <c>TIME</c>: the column's fractional-second precision (0–6).</param>
internal readonly record struct MySqlColumnFormat(MySqlValueFormat Format, byte FractionDigits)
{
    public static MySqlColumnFormat Native => new(MySqlValueFormat.Native, 6);
}

/// <summary>One column of the target table as <c>information_schema.COLUMNS</c> describes it.</summary>
/// <param name="Name">The column name.</param>
/// <param name="DataType">The lower-case <c>DATA_TYPE</c>, e.g. <c>bigint</c>, <c>varchar</c>.</param>
/// <param name="ColumnType">The lower-case <c>COLUMN_TYPE</c>, e.g. <c>int(10) unsigned</c>, <c>varchar(20)</c>, for messages.</param>
/// <param name="IsGenerated">Whether the column is generated (<c>VIRTUAL</c> or <c>STORED</c>).</param>
/// <param name="IsAutoIncrement">Whether the column is <c>AUTO_INCREMENT</c>.</param>
/// <param name="FractionDigits">The <c>DATETIME_PRECISION</c>, for time columns.</param>
/// <param name="CharacterLength">The <c>CHARACTER_MAXIMUM_LENGTH</c> (characters, or bytes for binary types).</param>
internal readonly record struct CatalogColumn(
    string Name, string DataType, string ColumnType, bool IsGenerated = false, bool IsAutoIncrement = false, int? FractionDigits = null, long? CharacterLength = null)
{
    /// <summary>Whether an integer column is <c>UNSIGNED</c>.</summary>
    public bool IsUnsigned => ColumnType.Contains("unsigned", StringComparison.Ordinal);
}
