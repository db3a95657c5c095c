using NpgsqlTypes;

namespace BatchFlow.PostgreSql;

/// <summary>
/// How each <see cref="ColumnType"/> is stored in PostgreSQL: the column type to declare and the
/// <see cref="NpgsqlDbType"/> generated writers pass to <c>NpgsqlBinaryImporter.Write</c>. Enums follow their underlying
/// integer type. Types PostgreSQL lacks widen to the next type that holds every value: <see cref="byte"/> and
/// <see cref="sbyte"/> to <c>smallint</c>, <see cref="ushort"/> to <c>integer</c>, <see cref="uint"/> to <c>bigint</c>,
/// <see cref="ulong"/> to <c>numeric(20,0)</c>.
/// </summary>
/// <remarks>
/// Binary COPY sends values in the column type's wire format, so a column must have the type named here (or one that
/// shares its wire format, see <see cref="AcceptedTypes"/>); the sink checks the real column types once per flow and
/// fails with a message naming the column instead of letting the server misread the bytes.
/// </remarks>
public static class PostgresTypes
{
    private static readonly IReadOnlyList<string> s_bool = ["bool"];
    private static readonly IReadOnlyList<string> s_int2 = ["int2"];
    private static readonly IReadOnlyList<string> s_int4 = ["int4"];
    private static readonly IReadOnlyList<string> s_int8 = ["int8"];
    private static readonly IReadOnlyList<string> s_numeric = ["numeric"];
    private static readonly IReadOnlyList<string> s_float4 = ["float4"];
    private static readonly IReadOnlyList<string> s_float8 = ["float8"];
    private static readonly IReadOnlyList<string> s_text = ["text", "varchar", "bpchar", "jsonb", "json", "citext"];
    private static readonly IReadOnlyList<string> s_char = ["bpchar", "text", "varchar"];
    private static readonly IReadOnlyList<string> s_uuid = ["uuid"];
    private static readonly IReadOnlyList<string> s_dateTime = ["timestamp", "timestamptz"];
    private static readonly IReadOnlyList<string> s_timestamptz = ["timestamptz"];
    private static readonly IReadOnlyList<string> s_date = ["date"];
    private static readonly IReadOnlyList<string> s_time = ["time"];
    private static readonly IReadOnlyList<string> s_interval = ["interval"];
    private static readonly IReadOnlyList<string> s_bytea = ["bytea"];

    /// <summary>
    /// The <see cref="NpgsqlDbType"/> a generated writer passes for a column of <paramref name="type"/>. For
    /// <see cref="ColumnType.DateTime"/> this is <see cref="NpgsqlDbType.Timestamp"/>, the type of a column declared
    /// <c>timestamp</c>; writers use <see cref="PostgresColumnTypes"/> instead, which holds the column's real type.
    /// </summary>
    /// <param name="type">The member type.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a defined value.</exception>
    public static NpgsqlDbType DbType(ColumnType type) => type switch
    {
        ColumnType.Boolean => NpgsqlDbType.Boolean,
        ColumnType.Byte or ColumnType.SByte or ColumnType.Int16 => NpgsqlDbType.Smallint,
        ColumnType.UInt16 or ColumnType.Int32 => NpgsqlDbType.Integer,
        ColumnType.UInt32 or ColumnType.Int64 => NpgsqlDbType.Bigint,
        ColumnType.UInt64 or ColumnType.Decimal => NpgsqlDbType.Numeric,
        ColumnType.Single => NpgsqlDbType.Real,
        ColumnType.Double => NpgsqlDbType.Double,
        ColumnType.String => NpgsqlDbType.Text,
        ColumnType.Char => NpgsqlDbType.Char,
        ColumnType.Guid => NpgsqlDbType.Uuid,
        ColumnType.DateTime => NpgsqlDbType.Timestamp,
        ColumnType.DateTimeOffset => NpgsqlDbType.TimestampTz,
        ColumnType.DateOnly => NpgsqlDbType.Date,
        ColumnType.TimeOnly => NpgsqlDbType.Time,
        ColumnType.TimeSpan => NpgsqlDbType.Interval,
        ColumnType.Binary => NpgsqlDbType.Bytea,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a ColumnType value."),
    };

    /// <summary>
    /// The PostgreSQL column type to declare for a member of <paramref name="type"/>, as SQL writes it
    /// (<c>bigint</c>, <c>text</c>, <c>timestamp</c>, …). A <see cref="ColumnType.DateTime"/> member may also go to
    /// <c>timestamptz</c> (UTC values); see <see cref="AcceptedTypes"/>.
    /// </summary>
    /// <param name="type">The member type.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a defined value.</exception>
    public static string TypeName(ColumnType type) => type switch
    {
        ColumnType.Boolean => "boolean",
        ColumnType.Byte or ColumnType.SByte or ColumnType.Int16 => "smallint",
        ColumnType.UInt16 or ColumnType.Int32 => "integer",
        ColumnType.UInt32 or ColumnType.Int64 => "bigint",
        ColumnType.UInt64 => "numeric(20,0)",
        ColumnType.Decimal => "numeric",
        ColumnType.Single => "real",
        ColumnType.Double => "double precision",
        ColumnType.String => "text",
        ColumnType.Char => "character(1)",
        ColumnType.Guid => "uuid",
        ColumnType.DateTime => "timestamp",
        ColumnType.DateTimeOffset => "timestamptz",
        ColumnType.DateOnly => "date",
        ColumnType.TimeOnly => "time",
        ColumnType.TimeSpan => "interval",
        ColumnType.Binary => "bytea",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a ColumnType value."),
    };

    /// <summary>
    /// The column types (as <c>pg_type.typname</c>, a domain counting as its base type) that a member of
    /// <paramref name="type"/> can be copied into: the type of <see cref="TypeName"/> first, then those sharing its
    /// binary format (<c>varchar</c> and <c>character(n)</c> for strings and chars; <c>json</c> and <c>citext</c> for
    /// strings), <c>jsonb</c> for strings (written with its own format's version byte, see
    /// <see cref="PostgresColumnTypes"/>; the server checks that each value is valid JSON), and <c>timestamptz</c> for
    /// <see cref="DateTime"/>, whose values Npgsql checks against the column: UTC for <c>timestamptz</c>, local or
    /// unspecified for <c>timestamp</c>. A <see cref="DateTime"/> never goes to <c>date</c>, which would drop its
    /// time of day without a word: use <see cref="DateOnly"/> for dates.
    /// </summary>
    /// <param name="type">The member type.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a defined value.</exception>
    public static IReadOnlyList<string> AcceptedTypes(ColumnType type) => type switch
    {
        ColumnType.Boolean => s_bool,
        ColumnType.Byte or ColumnType.SByte or ColumnType.Int16 => s_int2,
        ColumnType.UInt16 or ColumnType.Int32 => s_int4,
        ColumnType.UInt32 or ColumnType.Int64 => s_int8,
        ColumnType.UInt64 or ColumnType.Decimal => s_numeric,
        ColumnType.Single => s_float4,
        ColumnType.Double => s_float8,
        ColumnType.String => s_text,
        ColumnType.Char => s_char,
        ColumnType.Guid => s_uuid,
        ColumnType.DateTime => s_dateTime,
        ColumnType.DateTimeOffset => s_timestamptz,
        ColumnType.DateOnly => s_date,
        ColumnType.TimeOnly => s_time,
        ColumnType.TimeSpan => s_interval,
        ColumnType.Binary => s_bytea,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a ColumnType value."),
    };

    /// <summary>
    /// Every member type that <see cref="AcceptedTypes"/> lets into a column of catalog type <paramref name="typeName"/>
    /// (<c>pg_type.typname</c>, a domain's base type), in <see cref="ColumnType"/> order: what a schema snapshot lists
    /// as the column's <c>accepts</c>, and what the sink checks a member against before its first batch.
    /// </summary>
    /// <param name="typeName">The column's catalog type name, e.g. <c>int8</c>, <c>varchar</c>.</param>
    internal static IReadOnlyList<ColumnType> ColumnTypesInto(string typeName)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        var accepted = new List<ColumnType>();
        foreach (var type in Enum.GetValues<ColumnType>())
        {
            if (AcceptedTypes(type).Contains(typeName))
            {
                accepted.Add(type);
            }
        }

        return accepted;
    }

    /// <summary>
    /// The type to write a <see cref="string"/> into a column of catalog type <paramref name="typeName"/>: <c>jsonb</c>
    /// has a binary format of its own (a version byte before the text); every other accepted type reads text's.
    /// </summary>
    internal static NpgsqlDbType StringDbType(string typeName) => typeName == "jsonb" ? NpgsqlDbType.Jsonb : NpgsqlDbType.Text;

    /// <summary>The type to write a <see cref="DateTime"/> into a column of catalog type <paramref name="typeName"/>, if it can hold one.</summary>
    internal static NpgsqlDbType? DateTimeDbType(string typeName) => typeName switch
    {
        "timestamp" => NpgsqlDbType.Timestamp,
        "timestamptz" => NpgsqlDbType.TimestampTz,
        _ => null,
    };
}
