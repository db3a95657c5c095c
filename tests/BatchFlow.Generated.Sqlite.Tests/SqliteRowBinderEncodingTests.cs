using Microsoft.Data.Sqlite;

namespace BatchFlow.Sqlite.Tests;

/// <summary>
/// Each value is written once through the sink's binder and once as a Microsoft.Data.Sqlite parameter into an
/// untyped column (no affinity, so SQLite stores exactly what was bound); the storage class and bytes must be the
/// same, and <see cref="SqliteDataReader.GetFieldValue{T}"/> must give the value back.
/// </summary>
public sealed class SqliteRowBinderEncodingTests : IDisposable
{
    private delegate void BindValue<TValue>(ref SqliteRowBinder binder, TValue value);

    private sealed record Probe<TValue>(long Id, TValue Value);

    private readonly TestDatabase _database = new();

    public SqliteRowBinderEncodingTests() => _database.Execute("CREATE TABLE enc (id INTEGER PRIMARY KEY, v)");

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Boolean_is_integer_one_or_zero(bool value)
    {
        var stored = await AssertRoundTripsLikeMicrosoftDataSqlite(value, (ref SqliteRowBinder b, bool v) => b.WriteBoolean(v));
        Assert.Equal(("integer", value ? "1" : "0"), (stored.Type, stored.Quoted));
    }

    [Theory]
    [InlineData(byte.MinValue)]
    [InlineData(byte.MaxValue)]
    public async Task Byte_is_integer(byte value) =>
        Assert.Equal("integer", (await AssertRoundTripsLikeMicrosoftDataSqlite(value, (ref SqliteRowBinder b, byte v) => b.WriteInt64(v))).Type);

    [Theory]
    [InlineData(sbyte.MinValue)]
    [InlineData(sbyte.MaxValue)]
    public async Task SByte_is_integer(sbyte value) =>
        Assert.Equal("integer", (await AssertRoundTripsLikeMicrosoftDataSqlite(value, (ref SqliteRowBinder b, sbyte v) => b.WriteInt64(v))).Type);

    [Theory]
    [InlineData(short.MinValue)]
    [InlineData(short.MaxValue)]
    public async Task Int16_is_integer(short value) =>
        Assert.Equal("integer", (await AssertRoundTripsLikeMicrosoftDataSqlite(value, (ref SqliteRowBinder b, short v) => b.WriteInt64(v))).Type);

    [Theory]
    [InlineData(ushort.MinValue)]
    [InlineData(ushort.MaxValue)]
    public async Task UInt16_is_integer(ushort value) =>
        Assert.Equal("integer", (await AssertRoundTripsLikeMicrosoftDataSqlite(value, (ref SqliteRowBinder b, ushort v) => b.WriteInt64(v))).Type);

    [Theory]
    [InlineData(int.MinValue)]
    [InlineData(0)]
    [InlineData(int.MaxValue)]
    public async Task Int32_is_integer(int value) =>
        Assert.Equal("integer", (await AssertRoundTripsLikeMicrosoftDataSqlite(value, (ref SqliteRowBinder b, int v) => b.WriteInt64(v))).Type);

    [Theory]
    [InlineData(uint.MinValue)]
    [InlineData(uint.MaxValue)]
    public async Task UInt32_is_integer(uint value) =>
        Assert.Equal("integer", (await AssertRoundTripsLikeMicrosoftDataSqlite(value, (ref SqliteRowBinder b, uint v) => b.WriteInt64(v))).Type);

    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(-1L)]
    [InlineData(long.MaxValue)]
    public async Task Int64_is_integer(long value) =>
        Assert.Equal("integer", (await AssertRoundTripsLikeMicrosoftDataSqlite(value, (ref SqliteRowBinder b, long v) => b.WriteInt64(v))).Type);

    [Theory]
    [InlineData(ulong.MinValue, "0")]
    [InlineData((ulong)long.MaxValue, "9223372036854775807")]
    [InlineData(ulong.MaxValue, "-1")]
    public async Task UInt64_is_integer_with_the_same_64_bits(ulong value, string stored)
    {
        var result = await AssertRoundTripsLikeMicrosoftDataSqlite(value, (ref SqliteRowBinder b, ulong v) => b.WriteUInt64(v));
        Assert.Equal(("integer", stored), (result.Type, result.Quoted));
    }

    [Theory]
    [InlineData(DayOfWeek.Sunday)]
    [InlineData(DayOfWeek.Saturday)]
    public async Task Enum_is_its_underlying_integer(DayOfWeek value) =>
        Assert.Equal("integer", (await AssertRoundTripsLikeMicrosoftDataSqlite(value, (ref SqliteRowBinder b, DayOfWeek v) => b.WriteInt64((long)v))).Type);

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0 / 3.0)]
    [InlineData(double.MinValue)]
    [InlineData(double.MaxValue)]
    [InlineData(double.Epsilon)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public async Task Double_is_real(double value) =>
        Assert.Equal("real", (await AssertRoundTripsLikeMicrosoftDataSqlite(value, (ref SqliteRowBinder b, double v) => b.WriteDouble(v))).Type);

    [Fact]
    public async Task Negative_zero_is_real() =>
        Assert.Equal("real", (await AssertRoundTripsLikeMicrosoftDataSqlite(-0.0, (ref SqliteRowBinder b, double v) => b.WriteDouble(v))).Type);

    [Theory]
    [InlineData(1.1f)]
    [InlineData(float.MinValue)]
    [InlineData(float.MaxValue)]
    [InlineData(float.Epsilon)]
    public async Task Single_is_real(float value) =>
        Assert.Equal("real", (await AssertRoundTripsLikeMicrosoftDataSqlite(value, (ref SqliteRowBinder b, float v) => b.WriteDouble(v))).Type);

    [Fact]
    public async Task NaN_is_refused_like_Microsoft_Data_Sqlite_refuses_it()
    {
        await using var sink = ProbeSink<double>((ref SqliteRowBinder b, double v) => b.WriteDouble(v));
        await Assert.ThrowsAsync<InvalidOperationException>(() => sink.WriteAsync(new[] { new Probe<double>(1, double.NaN) }, default).AsTask());

        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO enc (id, v) VALUES (2, $v)";
        command.Parameters.AddWithValue("$v", double.NaN);
        Assert.Throws<InvalidOperationException>(() => command.ExecuteNonQuery());
        Assert.Equal(0, _database.Count("enc"));
    }

    public static TheoryData<decimal> Decimals => new()
    {
        0m, 1m, -1m, 0.1m, 100.00m, 1e-28m, -1e-28m, 1.23456789012345678901234567m, decimal.MaxValue, decimal.MinValue,
    };

    [Theory]
    [MemberData(nameof(Decimals))]
    public async Task Decimal_is_invariant_text_with_every_digit(decimal value) =>
        Assert.Equal("text", (await AssertRoundTripsLikeMicrosoftDataSqlite(value, (ref SqliteRowBinder b, decimal v) => b.WriteDecimal(v))).Type);

    [Fact]
    public async Task Decimal_text_does_not_follow_the_current_culture()
    {
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            var stored = await AssertRoundTripsLikeMicrosoftDataSqlite(1234.5m, (ref SqliteRowBinder b, decimal v) => b.WriteDecimal(v));
            Assert.Equal("'1234.5'", stored.Quoted);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("héllo wörld")]
    [InlineData("日本語のテキスト")]
    [InlineData("emoji 😀 and 𝄞")]
    [InlineData("embedded\0nul")]
    [InlineData("quote ' and \" and ;")]
    public async Task String_is_text(string value) =>
        Assert.Equal("text", (await AssertRoundTripsLikeMicrosoftDataSqlite(value, (ref SqliteRowBinder b, string v) => b.WriteString(v))).Type);

    [Fact]
    public async Task Empty_string_is_empty_text_not_null()
    {
        var stored = await AssertRoundTripsLikeMicrosoftDataSqlite("", (ref SqliteRowBinder b, string v) => b.WriteString(v));
        Assert.Equal(("text", "''"), (stored.Type, stored.Quoted));
    }

    [Fact]
    public async Task Long_string_is_text()
    {
        var value = string.Concat(Enumerable.Repeat("0123456789abcdéf", 64 * 1024));
        Assert.Equal("text", (await AssertRoundTripsLikeMicrosoftDataSqlite(value, (ref SqliteRowBinder b, string v) => b.WriteString(v))).Type);
    }

    [Fact]
    public async Task Null_string_is_null() =>
        Assert.Equal("null", (await AssertRoundTripsLikeMicrosoftDataSqlite<string?>(null, (ref SqliteRowBinder b, string? v) => b.WriteString(v))).Type);

    [Theory]
    [InlineData('x')]
    [InlineData('é')]
    [InlineData('日')]
    [InlineData('\0')]
    [InlineData('\uffff')]
    public async Task Char_is_text_of_one_character(char value) =>
        Assert.Equal("text", (await AssertRoundTripsLikeMicrosoftDataSqlite(value, (ref SqliteRowBinder b, char v) => b.WriteChar(v))).Type);

    public static TheoryData<Guid> Guids => new()
    {
        Guid.Empty,
        Guid.Parse("01020304-0506-0708-090a-0b0c0d0e0f10"),
        Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff"),
        Guid.Parse("a1b2c3d4-e5f6-4789-abcd-ef0123456789"),
    };

    [Theory]
    [MemberData(nameof(Guids))]
    public async Task Guid_is_upper_case_text_like_Microsoft_Data_Sqlite_parameters(Guid value)
    {
        var stored = await AssertRoundTripsLikeMicrosoftDataSqlite(value, (ref SqliteRowBinder b, Guid v) => b.WriteGuid(v));
        Assert.Equal(("text", $"'{value.ToString("D").ToUpperInvariant()}'"), (stored.Type, stored.Quoted));
    }

    [Fact]
    public async Task Stored_guid_matches_a_Microsoft_Data_Sqlite_guid_parameter_in_a_query()
    {
        var value = Guid.Parse("a1b2c3d4-e5f6-4789-abcd-ef0123456789");
        await AssertRoundTripsLikeMicrosoftDataSqlite(value, (ref SqliteRowBinder b, Guid v) => b.WriteGuid(v));

        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM enc WHERE id = 1 AND v = $g";
        command.Parameters.AddWithValue("$g", value);
        Assert.Equal(1L, command.ExecuteScalar());
    }

    public static TheoryData<DateTime> DateTimes => new()
    {
        DateTime.MinValue,
        DateTime.MaxValue,
        new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc),
        new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1234567),
        new DateTime(2024, 1, 2, 3, 4, 5, 100, DateTimeKind.Unspecified),
        new DateTime(2024, 6, 1, 12, 0, 0, DateTimeKind.Local).AddTicks(1),
    };

    [Theory]
    [MemberData(nameof(DateTimes))]
    public async Task DateTime_is_text_with_seven_optional_fraction_digits(DateTime value) =>
        Assert.Equal("text", (await AssertRoundTripsLikeMicrosoftDataSqlite(value, (ref SqliteRowBinder b, DateTime v) => b.WriteDateTime(v))).Type);

    public static TheoryData<DateTimeOffset> DateTimeOffsets => new()
    {
        DateTimeOffset.MinValue,
        DateTimeOffset.MaxValue,
        new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(-5.5)),
        new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(14)).AddTicks(1),
        new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(-14)).AddTicks(1234567),
        new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero),
    };

    [Theory]
    [MemberData(nameof(DateTimeOffsets))]
    public async Task DateTimeOffset_is_text_with_its_offset(DateTimeOffset value)
    {
        Assert.Equal("text", (await AssertRoundTripsLikeMicrosoftDataSqlite(value, (ref SqliteRowBinder b, DateTimeOffset v) => b.WriteDateTimeOffset(v))).Type);
        Assert.Equal(value.Offset, _database.Scalar<DateTimeOffset>("SELECT v FROM enc WHERE id = 1").Offset);
    }

    public static TheoryData<DateOnly> DateOnlys => new() { DateOnly.MinValue, DateOnly.MaxValue, new DateOnly(2024, 2, 29) };

    [Theory]
    [MemberData(nameof(DateOnlys))]
    public async Task DateOnly_is_text_year_month_day(DateOnly value) =>
        Assert.Equal("text", (await AssertRoundTripsLikeMicrosoftDataSqlite(value, (ref SqliteRowBinder b, DateOnly v) => b.WriteDateOnly(v))).Type);

    public static TheoryData<TimeOnly> TimeOnlys => new()
    {
        TimeOnly.MinValue, TimeOnly.MaxValue, new TimeOnly(13, 14, 15), new TimeOnly(13, 14, 15, 500), new TimeOnly(1),
    };

    [Theory]
    [MemberData(nameof(TimeOnlys))]
    public async Task TimeOnly_is_text_with_a_fraction_only_when_there_is_one(TimeOnly value) =>
        Assert.Equal("text", (await AssertRoundTripsLikeMicrosoftDataSqlite(value, (ref SqliteRowBinder b, TimeOnly v) => b.WriteTimeOnly(v))).Type);

    public static TheoryData<TimeSpan> TimeSpans => new()
    {
        TimeSpan.Zero, TimeSpan.MinValue, TimeSpan.MaxValue, TimeSpan.FromTicks(1), TimeSpan.FromTicks(-123456789012345), TimeSpan.FromDays(1),
    };

    [Theory]
    [MemberData(nameof(TimeSpans))]
    public async Task TimeSpan_is_constant_format_text(TimeSpan value) =>
        Assert.Equal("text", (await AssertRoundTripsLikeMicrosoftDataSqlite(value, (ref SqliteRowBinder b, TimeSpan v) => b.WriteTimeSpan(v))).Type);

    public static TheoryData<byte[]> ByteArrays => new() { new byte[] { 0 }, new byte[] { 1, 2, 3, 255 }, Enumerable.Range(0, 256).Select(i => (byte)i).ToArray() };

    [Theory]
    [MemberData(nameof(ByteArrays))]
    public async Task Bytes_are_a_blob(byte[] value) =>
        Assert.Equal("blob", (await AssertRoundTripsLikeMicrosoftDataSqlite(value, (ref SqliteRowBinder b, byte[] v) => b.WriteBytes(v))).Type);

    [Fact]
    public async Task Empty_bytes_are_an_empty_blob_not_null()
    {
        var stored = await AssertRoundTripsLikeMicrosoftDataSqlite(Array.Empty<byte>(), (ref SqliteRowBinder b, byte[] v) => b.WriteBytes(v));
        Assert.Equal(("blob", "X''"), (stored.Type, stored.Quoted));
    }

    [Fact]
    public async Task One_mebibyte_of_bytes_is_a_blob()
    {
        var value = new byte[1024 * 1024];
        new Random(42).NextBytes(value);
        Assert.Equal("blob", (await AssertRoundTripsLikeMicrosoftDataSqlite(value, (ref SqliteRowBinder b, byte[] v) => b.WriteBytes(v))).Type);
        Assert.Equal(value.Length, _database.Scalar<long>("SELECT length(v) FROM enc WHERE id = 1"));
    }

    [Fact]
    public async Task Null_bytes_are_null() =>
        Assert.Equal("null", (await AssertRoundTripsLikeMicrosoftDataSqlite<byte[]?>(null, (ref SqliteRowBinder b, byte[]? v) => b.WriteBytes(v))).Type);

    [Fact]
    public async Task Null_nullable_values_are_null()
    {
        Assert.Equal("null", (await AssertRoundTripsLikeMicrosoftDataSqlite<int?>(null, WriteNullable<int>((ref SqliteRowBinder b, int v) => b.WriteInt64(v)))).Type);
        _database.Execute("DELETE FROM enc");
        Assert.Equal("null", (await AssertRoundTripsLikeMicrosoftDataSqlite<DateTime?>(null, WriteNullable<DateTime>((ref SqliteRowBinder b, DateTime v) => b.WriteDateTime(v)))).Type);
        _database.Execute("DELETE FROM enc");
        Assert.Equal("null", (await AssertRoundTripsLikeMicrosoftDataSqlite<Guid?>(null, WriteNullable<Guid>((ref SqliteRowBinder b, Guid v) => b.WriteGuid(v)))).Type);
        _database.Execute("DELETE FROM enc");
        Assert.Equal("null", (await AssertRoundTripsLikeMicrosoftDataSqlite<decimal?>(null, WriteNullable<decimal>((ref SqliteRowBinder b, decimal v) => b.WriteDecimal(v)))).Type);
    }

    [Fact]
    public async Task Present_nullable_values_are_their_value()
    {
        Assert.Equal("integer", (await AssertRoundTripsLikeMicrosoftDataSqlite<int?>(42, WriteNullable<int>((ref SqliteRowBinder b, int v) => b.WriteInt64(v)))).Type);
    }

    [Fact]
    public void Binding_every_type_allocates_nothing()
    {
        using var connection = _database.Open();
        var rc = SQLitePCL.raw.sqlite3_prepare_v2(connection.Handle, "SELECT " + string.Join(", ", Enumerable.Repeat("?", 18)), out var statement);
        Assert.Equal(SQLitePCL.raw.SQLITE_OK, rc);
        using (statement)
        {
            var text = "some text";
            var bytes = new byte[] { 1, 2, 3 };
            var guid = Guid.NewGuid();
            var now = DateTime.UtcNow;
            var offsetNow = DateTimeOffset.Now;
            var wrongIndex = false;
            void BindAll(int times)
            {
                for (var i = 0; i < times; i++)
                {
                    var binder = new SqliteRowBinder(statement, 1);
                    binder.WriteNull();
                    binder.WriteBoolean(true);
                    binder.WriteInt64(i);
                    binder.WriteUInt64(ulong.MaxValue);
                    binder.WriteDouble(i / 3.0);
                    binder.WriteDecimal(i / 7m);
                    binder.WriteString(text);
                    binder.WriteString("");
                    binder.WriteString("pair \U0001F600 emoji");
                    binder.WriteChar('é');
                    binder.WriteGuid(guid);
                    binder.WriteDateTime(now);
                    binder.WriteDateTimeOffset(offsetNow);
                    binder.WriteDateOnly(DateOnly.FromDateTime(now));
                    binder.WriteTimeOnly(TimeOnly.FromDateTime(now));
                    binder.WriteTimeSpan(TimeSpan.FromTicks(i * 12345L));
                    binder.WriteBytes(bytes);
                    binder.WriteBytes([]);
                    wrongIndex |= binder.Index != 19;
                }
            }

            BindAll(100);
            var before = GC.GetAllocatedBytesForCurrentThread();
            BindAll(10_000);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, allocated);
            Assert.False(wrongIndex, "Each write binds one parameter.");
        }
    }

    [Fact]
    public void A_bind_error_throws_SqliteException_with_the_sqlite_code()
    {
        using var connection = _database.Open();
        Assert.Equal(SQLitePCL.raw.SQLITE_OK, SQLitePCL.raw.sqlite3_prepare_v2(connection.Handle, "SELECT ?", out var statement));
        using (statement)
        {
            var exception = Assert.Throws<SqliteException>(() =>
            {
                var binder = new SqliteRowBinder(statement, 2);
                binder.WriteInt64(1);
            });
            Assert.Equal(SQLitePCL.raw.SQLITE_RANGE, exception.SqliteErrorCode);
        }
    }

    private static BindValue<TValue?> WriteNullable<TValue>(BindValue<TValue> write)
        where TValue : struct =>
        (ref SqliteRowBinder b, TValue? v) =>
        {
            if (v is { } present)
            {
                write(ref b, present);
            }
            else
            {
                b.WriteNull();
            }
        };

    private SqliteBatchSink<Probe<TValue>> ProbeSink<TValue>(BindValue<TValue> bind)
    {
        var table = new TableDescription<Probe<TValue>>(
            "enc",
            Conflict.None,
            [
                new ColumnDescription("id", "Id", ColumnType.Int64, isNullable: false, isKey: true),
                new ColumnDescription("v", "Value", ColumnType.String, isNullable: true, isKey: false),
            ],
            keyComparer: null,
            NoRowWriter<Probe<TValue>>.Instance);
        var writer = new DelegateRowWriter<Probe<TValue>>((in Probe<TValue> row, ref SqliteRowBinder binder) =>
        {
            binder.WriteInt64(row.Id);
            bind(ref binder, row.Value);
        });
        return new SqliteBatchSink<Probe<TValue>>(_database.ConnectionString, table.WithWriter(writer));
    }

    /// <summary>Writes <paramref name="value"/> both ways, asserts they are stored alike and read back equal.</summary>
    /// <returns>The storage class and SQL literal of the value the sink wrote.</returns>
    private async Task<(string Type, string Quoted)> AssertRoundTripsLikeMicrosoftDataSqlite<TValue>(TValue value, BindValue<TValue> bind)
    {
        await using (var sink = ProbeSink(bind))
        {
            await sink.WriteAsync(new[] { new Probe<TValue>(1, value) }, default);
        }

        using var connection = _database.Open();
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO enc (id, v) VALUES (2, $v)";
            insert.Parameters.AddWithValue("$v", (object?)value ?? DBNull.Value);
            insert.ExecuteNonQuery();
        }

        using (var compare = connection.CreateCommand())
        {
            compare.CommandText =
                "SELECT typeof(a.v), typeof(b.v), hex(a.v), hex(b.v), a.v IS b.v, length(a.v) IS length(b.v) FROM enc a, enc b WHERE a.id = 1 AND b.id = 2";
            using var reader = compare.ExecuteReader();
            Assert.True(reader.Read());
            Assert.Equal(reader.GetString(1), reader.GetString(0));
            Assert.Equal(reader.GetString(3), reader.GetString(2));
            Assert.True(reader.GetBoolean(4), "The two stored values differ.");
            Assert.True(reader.GetBoolean(5), "The two stored values differ in length.");
        }

        using var read = connection.CreateCommand();
        read.CommandText = "SELECT v, typeof(v), quote(v) FROM enc WHERE id = 1";
        using (var reader = read.ExecuteReader())
        {
            Assert.True(reader.Read());
            if (value is null)
            {
                Assert.True(reader.IsDBNull(0));
            }
            else
            {
                Assert.Equal(value, reader.GetFieldValue<TValue>(0));
            }

            return (reader.GetString(1), reader.GetString(2));
        }
    }
}
