namespace BatchFlow.Sqlite;

/// <summary>What decides how SQLite stores a bound value in a column: its declared type, whether the table is STRICT, whether it is the rowid.</summary>
/// <param name="DeclaredType">The column's declared type as written (<c>INTEGER</c>, <c>VARCHAR(20)</c>, empty).</param>
/// <param name="IsStrict">Whether the table is <c>STRICT</c>.</param>
/// <param name="IsRowid">Whether the column is the table's <c>INTEGER PRIMARY KEY</c>, an alias of the rowid.</param>
internal readonly record struct SqliteColumnType(string DeclaredType, bool IsStrict, bool IsRowid);

/// <summary>
/// Which member types SQLite stores exactly as <see cref="SqliteRowBinder"/> binds them, per column: the rule a schema
/// snapshot's <c>accepts</c> is read with and the sink checks before its first batch (docs/adr/0010-sqlite-type-affinity.md).
/// </summary>
/// <remarks>
/// <para>
/// The binder binds every value with one storage class: INTEGER (<c>bool</c>, the integer types, enums), REAL
/// (<c>float</c>, <c>double</c>), TEXT (<c>string</c>, <c>char</c>, <c>decimal</c>, and the formatted <c>Guid</c>,
/// date, time and <c>TimeSpan</c> values) or BLOB (<c>byte[]</c>). A column's affinity may store a bound value in
/// another class. A member type is accepted only where no value of it can change class:
/// </para>
/// <list type="bullet">
/// <item>BLOB affinity (declared type holds <c>BLOB</c>, or none): every value is kept as bound.</item>
/// <item>TEXT affinity (<c>CHAR</c>, <c>CLOB</c>, <c>TEXT</c>): INTEGER and REAL values become TEXT; TEXT and BLOB are kept.</item>
/// <item>INTEGER (<c>INT</c>) and NUMERIC (anything else, e.g. <c>DECIMAL</c>, <c>BOOLEAN</c>, <c>DATETIME</c>)
/// affinity: a REAL with an integral value becomes INTEGER, text that reads as a number becomes a number; INTEGER
/// and BLOB are kept, and so is the formatted text of <c>Guid</c>, dates, times and <c>TimeSpan</c>, which never reads
/// as a number (it always holds <c>-</c> or <c>:</c>). <c>string</c>, <c>char</c> and <c>decimal</c> are not accepted
/// (<c>"42"</c>, <c>'7'</c>, <c>1.0m</c> would be stored as numbers).</item>
/// <item>REAL affinity (<c>REAL</c>, <c>FLOA</c>, <c>DOUB</c>): INTEGER values become REAL (and lose digits beyond
/// 2^53), number-like text becomes REAL; REAL, BLOB and the formatted text are kept.</item>
/// <item>STRICT tables: an <c>ANY</c> column keeps every value; <c>INT</c>/<c>INTEGER</c>, <c>REAL</c> and
/// <c>TEXT</c> columns convert a value of another class when they can and refuse it otherwise, a <c>BLOB</c> column
/// refuses any other class: each accepts only its own class.</item>
/// <item>The rowid (<c>INTEGER PRIMARY KEY</c> of a rowid table) holds only integers: it converts or refuses anything
/// else.</item>
/// </list>
/// </remarks>
internal static class SqliteTypes
{
    /// <summary>The storage class the binder binds a member type's values with, as far as affinity can tell them apart.</summary>
    private enum Bound
    {
        Integer,
        Real,

        /// <summary>Text that can read as a number: <c>string</c>, <c>char</c>, <c>decimal</c>.</summary>
        Text,

        /// <summary>Formatted text that never reads as a number: <c>Guid</c>, dates, times, <c>TimeSpan</c>.</summary>
        FormattedText,
        Blob,
    }

    /// <summary>The affinity SQLite gives a column of a rowid (non-STRICT) table from its declared type, by its five rules in order.</summary>
    internal static SqliteAffinity Affinity(string declaredType)
    {
        ArgumentNullException.ThrowIfNull(declaredType);
        if (declaredType.Contains("INT", StringComparison.OrdinalIgnoreCase))
        {
            return SqliteAffinity.Integer;
        }

        if (declaredType.Contains("CHAR", StringComparison.OrdinalIgnoreCase)
            || declaredType.Contains("CLOB", StringComparison.OrdinalIgnoreCase)
            || declaredType.Contains("TEXT", StringComparison.OrdinalIgnoreCase))
        {
            return SqliteAffinity.Text;
        }

        if (declaredType.Length == 0 || declaredType.Contains("BLOB", StringComparison.OrdinalIgnoreCase))
        {
            return SqliteAffinity.Blob;
        }

        if (declaredType.Contains("REAL", StringComparison.OrdinalIgnoreCase)
            || declaredType.Contains("FLOA", StringComparison.OrdinalIgnoreCase)
            || declaredType.Contains("DOUB", StringComparison.OrdinalIgnoreCase))
        {
            return SqliteAffinity.Real;
        }

        return SqliteAffinity.Numeric;
    }

    /// <summary>Every member type stored exactly in <paramref name="column"/>, in <see cref="ColumnType"/> order: a snapshot's <c>accepts</c>.</summary>
    internal static IReadOnlyList<ColumnType> Accepts(SqliteColumnType column)
    {
        var accepted = new List<ColumnType>();
        foreach (var type in Enum.GetValues<ColumnType>())
        {
            if (Problem(type, column) is null)
            {
                accepted.Add(type);
            }
        }

        return accepted;
    }

    /// <summary>
    /// Null when SQLite stores every value of <paramref name="type"/> in <paramref name="column"/> exactly as bound;
    /// otherwise what it would do instead, to complete "column "c" …".
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a defined value.</exception>
    internal static string? Problem(ColumnType type, SqliteColumnType column)
    {
        var bound = BoundAs(type);
        var declared = column.DeclaredType.Length == 0 ? "declared without a type" : $"declared {column.DeclaredType}";
        var boundName = TypeFor(bound);

        if (column.IsRowid)
        {
            return bound == Bound.Integer
                ? null
                : $"is the table's INTEGER PRIMARY KEY (the rowid), which holds only integers: SQLite would convert or refuse {type} values (bound as {boundName})";
        }

        if (column.IsStrict)
        {
            var strictType = column.DeclaredType.ToUpperInvariant();
            var fits = strictType switch
            {
                "ANY" => true,
                "INT" or "INTEGER" => bound == Bound.Integer,
                "REAL" => bound == Bound.Real,
                "TEXT" => bound is Bound.Text or Bound.FormattedText,
                "BLOB" => bound == Bound.Blob,
                _ => false,
            };
            return fits
                ? null
                : $"is {declared} in a STRICT table, which converts or refuses {type} values (bound as {boundName}); declare it {TypeFor(bound)} or ANY";
        }

        var affinity = Affinity(column.DeclaredType);
        var stored = (affinity, bound) switch
        {
            (SqliteAffinity.Blob, _) or (_, Bound.Blob) or (_, Bound.FormattedText) => null,
            (SqliteAffinity.Text, Bound.Text) => null,
            (SqliteAffinity.Text, _) => "as TEXT",
            (SqliteAffinity.Integer or SqliteAffinity.Numeric, Bound.Integer) => null,
            (SqliteAffinity.Integer or SqliteAffinity.Numeric, Bound.Real) => "as INTEGER when they have no fraction (3.0 as 3)",
            (SqliteAffinity.Real, Bound.Real) => null,
            (SqliteAffinity.Real, Bound.Integer) => "as REAL (exact only up to 2^53)",
            (_, _) => "as numbers when they read as numbers (\"42\", \"1.0\")",
        };
        return stored is null
            ? null
            : $"is {declared} ({affinity.ToString().ToUpperInvariant()} affinity), where SQLite stores {type} values (bound as {boundName}) {stored}; declare it {TypeFor(bound)}";
    }

    private static Bound BoundAs(ColumnType type) => type switch
    {
        ColumnType.Boolean or ColumnType.Byte or ColumnType.SByte or ColumnType.Int16 or ColumnType.UInt16
            or ColumnType.Int32 or ColumnType.UInt32 or ColumnType.Int64 or ColumnType.UInt64 => Bound.Integer,
        ColumnType.Single or ColumnType.Double => Bound.Real,
        ColumnType.String or ColumnType.Char or ColumnType.Decimal => Bound.Text,
        ColumnType.Guid or ColumnType.DateTime or ColumnType.DateTimeOffset or ColumnType.DateOnly
            or ColumnType.TimeOnly or ColumnType.TimeSpan => Bound.FormattedText,
        ColumnType.Binary => Bound.Blob,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a ColumnType value."),
    };

    /// <summary>The declared type whose columns keep values bound as <paramref name="bound"/>.</summary>
    private static string TypeFor(Bound bound) => bound switch
    {
        Bound.Integer => "INTEGER",
        Bound.Real => "REAL",
        Bound.Blob => "BLOB",
        _ => "TEXT",
    };
}

/// <summary>A column's type affinity in a table that is not STRICT.</summary>
internal enum SqliteAffinity
{
    /// <summary>The declared type holds <c>INT</c>.</summary>
    Integer,

    /// <summary>The declared type holds <c>CHAR</c>, <c>CLOB</c> or <c>TEXT</c>.</summary>
    Text,

    /// <summary>The declared type holds <c>BLOB</c>, or there is none: values are stored as bound.</summary>
    Blob,

    /// <summary>The declared type holds <c>REAL</c>, <c>FLOA</c> or <c>DOUB</c>.</summary>
    Real,

    /// <summary>Any other declared type (<c>NUMERIC</c>, <c>DECIMAL(10,2)</c>, <c>BOOLEAN</c>, <c>DATETIME</c>, <c>ANY</c>).</summary>
    Numeric,
}
