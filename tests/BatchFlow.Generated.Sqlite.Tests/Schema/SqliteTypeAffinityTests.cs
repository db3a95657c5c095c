using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BatchFlow.Sqlite.Tests.Schema;

/// <summary>
/// The type rule (<see cref="SqliteTypes"/>) against SQLite itself: for each kind of column, every member type's
/// hardest values are bound through the sink's <see cref="SqliteRowBinder"/> into the column and into a column that
/// keeps values as bound; the member type is stored exactly when the storage class (<c>typeof</c>) and the bytes
/// (<c>hex</c>) of both agree for every value, and that must be what the rule says, both ways.
/// </summary>
public sealed class SqliteTypeAffinityTests : IDisposable
{
    private delegate void Bind(ref SqliteRowBinder binder);

    private readonly TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    /// <summary>Per member type, the values most likely to be converted: number-like text, integral reals, extremes.</summary>
    private static readonly Dictionary<ColumnType, Bind[]> s_samples = new()
    {
        [ColumnType.Boolean] = [(ref SqliteRowBinder b) => b.WriteBoolean(true), (ref SqliteRowBinder b) => b.WriteBoolean(false)],
        [ColumnType.Byte] = [(ref SqliteRowBinder b) => b.WriteByte(byte.MaxValue)],
        [ColumnType.SByte] = [(ref SqliteRowBinder b) => b.WriteSByte(sbyte.MinValue)],
        [ColumnType.Int16] = [(ref SqliteRowBinder b) => b.WriteInt16(short.MinValue)],
        [ColumnType.UInt16] = [(ref SqliteRowBinder b) => b.WriteUInt16(ushort.MaxValue)],
        [ColumnType.Int32] = [(ref SqliteRowBinder b) => b.WriteInt32(int.MinValue), (ref SqliteRowBinder b) => b.WriteInt32(0)],
        [ColumnType.UInt32] = [(ref SqliteRowBinder b) => b.WriteUInt32(uint.MaxValue)],
        [ColumnType.Int64] = [(ref SqliteRowBinder b) => b.WriteInt64(long.MaxValue), (ref SqliteRowBinder b) => b.WriteInt64(1)],
        [ColumnType.UInt64] = [(ref SqliteRowBinder b) => b.WriteUInt64(ulong.MaxValue)],
        [ColumnType.Single] = [(ref SqliteRowBinder b) => b.WriteSingle(3f), (ref SqliteRowBinder b) => b.WriteSingle(0.5f)],
        [ColumnType.Double] = [(ref SqliteRowBinder b) => b.WriteDouble(3.0), (ref SqliteRowBinder b) => b.WriteDouble(0.1)],
        [ColumnType.Decimal] = [(ref SqliteRowBinder b) => b.WriteDecimal(1.0m), (ref SqliteRowBinder b) => b.WriteDecimal(12345678901234567890.123m)],
        [ColumnType.String] = [(ref SqliteRowBinder b) => b.WriteString("42"), (ref SqliteRowBinder b) => b.WriteString("1e3"), (ref SqliteRowBinder b) => b.WriteString("abc")],
        [ColumnType.Char] = [(ref SqliteRowBinder b) => b.WriteChar('7'), (ref SqliteRowBinder b) => b.WriteChar('x')],
        [ColumnType.Guid] = [(ref SqliteRowBinder b) => b.WriteGuid(Guid.Empty), (ref SqliteRowBinder b) => b.WriteGuid(new Guid("12345678-1234-1234-1234-123456789012"))],
        [ColumnType.DateTime] = [(ref SqliteRowBinder b) => b.WriteDateTime(DateTime.MinValue), (ref SqliteRowBinder b) => b.WriteDateTime(new DateTime(2024, 2, 29, 12, 0, 0, 5, DateTimeKind.Utc))],
        [ColumnType.DateTimeOffset] = [(ref SqliteRowBinder b) => b.WriteDateTimeOffset(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(-5)))],
        [ColumnType.DateOnly] = [(ref SqliteRowBinder b) => b.WriteDateOnly(DateOnly.MinValue), (ref SqliteRowBinder b) => b.WriteDateOnly(new DateOnly(2024, 2, 29))],
        [ColumnType.TimeOnly] = [(ref SqliteRowBinder b) => b.WriteTimeOnly(TimeOnly.MinValue), (ref SqliteRowBinder b) => b.WriteTimeOnly(new TimeOnly(23, 59, 59, 999))],
        [ColumnType.TimeSpan] = [(ref SqliteRowBinder b) => b.WriteTimeSpan(TimeSpan.Zero), (ref SqliteRowBinder b) => b.WriteTimeSpan(TimeSpan.FromDays(-1.5))],
        [ColumnType.Binary] = [(ref SqliteRowBinder b) => b.WriteBytes("42"u8.ToArray()), (ref SqliteRowBinder b) => b.WriteBytes([])],
    };

    public static TheoryData<string, string> Columns => new()
    {
        // Declared type, and the table's shape: "", STRICT or the rowid.
        { "INTEGER", "" }, { "INT", "" }, { "BIGINT", "" }, { "TEXT", "" }, { "VARCHAR(20)", "" }, { "CLOB", "" },
        { "BLOB", "" }, { "", "" }, { "REAL", "" }, { "DOUBLE PRECISION", "" }, { "FLOAT", "" }, { "NUMERIC", "" },
        { "DECIMAL(10,2)", "" }, { "BOOLEAN", "" }, { "DATETIME", "" }, { "ANY", "" },

        // SQLite's own examples of its rules' surprises: INTEGER affinity (holds "INT"), and NUMERIC.
        { "FLOATING POINT", "" }, { "STRING", "" },
        { "INT", "STRICT" }, { "INTEGER", "STRICT" }, { "REAL", "STRICT" }, { "TEXT", "STRICT" }, { "BLOB", "STRICT" }, { "ANY", "STRICT" },
        { "INTEGER", "rowid" }, { "INTEGER", "rowid STRICT" },
    };

    [Theory]
    [InlineData("FLOATING POINT", SqliteAffinity.Integer)]
    [InlineData("CHARINT", SqliteAffinity.Integer)]
    [InlineData("NATIVE CHARACTER(70)", SqliteAffinity.Text)]
    [InlineData("STRING", SqliteAffinity.Numeric)]
    [InlineData("DOUBLE PRECISION", SqliteAffinity.Real)]
    [InlineData("", SqliteAffinity.Blob)]
    [InlineData("blob", SqliteAffinity.Blob)]
    internal void Affinity_follows_SQLite_s_five_rules_in_order(string declared, SqliteAffinity expected) =>
        Assert.Equal(expected, SqliteTypes.Affinity(declared));

    [Theory]
    [MemberData(nameof(Columns))]
    public void A_member_type_is_accepted_exactly_where_SQLite_stores_every_value_of_it_as_bound(string declared, string shape)
    {
        var strict = shape.Contains("STRICT", StringComparison.Ordinal);
        var rowid = shape.Contains("rowid", StringComparison.Ordinal);

        // The reference column keeps what is bound: no affinity in an ordinary table, ANY in a STRICT one.
        var column = rowid ? $"c {declared} PRIMARY KEY" : $"c {declared}";
        var reference = strict ? "r ANY" : "r";
        _database.Execute($"CREATE TABLE t ({column}, {reference}){(strict ? " STRICT" : "")}");

        using var connection = _database.Open();
        var table = Assert.Single(SqliteCatalog.Read(connection, ["t"], version: false).Tables);
        var type = table.Types[0];
        Assert.Equal((strict, rowid), (type.IsStrict, type.IsRowid));

        var disagreements = new List<string>();
        foreach (var (member, samples) in s_samples)
        {
            var changed = samples.Select(sample => StoredChanged(connection, sample)).FirstOrDefault(c => c is not null);
            var accepted = SqliteTypes.Problem(member, type) is null;
            if (accepted != (changed is null))
            {
                disagreements.Add(accepted ? $"{member} is accepted, but {changed}" : $"{member} is not accepted, yet every value was stored as bound");
            }
        }

        Assert.True(disagreements.Count == 0, $"{declared} ({shape}): " + string.Join("; ", disagreements));
        Assert.Equal(s_samples.Keys.Where(m => SqliteTypes.Problem(m, type) is null), table.Schema.Columns[0].Accepts);
    }

    /// <summary>Binds the value into both columns; null when the column stored it as bound, else what happened.</summary>
    private static string? StoredChanged(SqliteConnection connection, Bind sample)
    {
        TestDatabase.Execute(connection, "DELETE FROM t");
        Assert.Equal(raw.SQLITE_OK, raw.sqlite3_prepare_v2(connection.Handle, "INSERT INTO t (c, r) VALUES (?, ?)", out var statement));
        using (statement)
        {
            var binder = new SqliteRowBinder(statement, 1);
            sample(ref binder);
            sample(ref binder);
            var rc = raw.sqlite3_step(statement);
            if (rc != raw.SQLITE_DONE)
            {
                return $"SQLite refused it ({raw.sqlite3_errmsg(connection.Handle).utf8_to_string()})";
            }
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT typeof(c), typeof(r), hex(c), hex(r) FROM t";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        var (storedType, boundType, stored, bound) = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
        return storedType == boundType && stored == bound ? null : $"bound {boundType} {bound} was stored as {storedType} {stored}";
    }
}
