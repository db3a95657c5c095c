using System.Text;
using System.Text.Json;
using BatchFlow;

namespace CustomSink.Tests;

/// <summary>The sink on its own, as the core drives it: one <c>WriteAsync</c> per batch attempt.</summary>
public sealed class JsonLinesSinkTests : IDisposable
{
    private static readonly DateTime s_at = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Conflict_update_is_refused_with_a_clear_message()
    {
        var error = Assert.Throws<NotSupportedException>(() => new JsonLinesSink<Upsert>(_folder.File("upserts.jsonl"), UpsertFlow.Table));
        Assert.Contains("'upserts'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Conflict.Update", error.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        Assert.Contains("Conflict.None", error.Message, StringComparison.Ordinal);

        // The generated factory constructs the same sink, so it fails the same way, before any flow starts.
        Assert.Throws<NotSupportedException>(() => UpsertFlow.JsonLines(_folder.File("upserts.jsonl")));
        Assert.False(File.Exists(_folder.File("upserts.jsonl")));
    }

    [Theory]
    [InlineData(Conflict.Ignore)]
    [InlineData(Conflict.Replace)]
    public void Every_conflict_mode_but_none_is_refused(Conflict conflict)
    {
        var table = new TableDescription<Event>(EventFlow.Table.Name, conflict, EventFlow.Table.Columns, EventFlow.Table.KeyComparer, EventFlow.Table.Writer);
        var error = Assert.Throws<NotSupportedException>(() => new JsonLinesSink<Event>(_folder.File("events.jsonl"), table));
        Assert.Contains($"Conflict.{conflict}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_that_fails_to_serialize_appends_nothing()
    {
        var path = _folder.File("events.jsonl");
        await using var sink = new JsonLinesSink<Event>(path, EventFlow.Table);
        await sink.WriteAsync(new[] { new Event(1, "one", s_at, 1) }, CancellationToken.None);
        var before = File.ReadAllBytes(path);

        // The refused value is the last row's, so every row before it was already serialized.
        Event[] batch = [new(2, "two", s_at, 2), new(3, "three", s_at, 3), new(4, "four", s_at, double.PositiveInfinity)];
        var error = await Assert.ThrowsAsync<ArgumentException>(() => sink.WriteAsync(batch, CancellationToken.None).AsTask());
        Assert.False(sink.IsTransient(error));
        Assert.Equal(before, File.ReadAllBytes(path));

        // The failure left nothing behind in the sink either: the next batch is written whole and alone.
        await sink.WriteAsync(batch.AsMemory(0, 2), CancellationToken.None);
        Assert.Equal(
            [
                """{"id":1,"name":"one","at":"2026-01-02T03:04:05Z","value":1}""",
                """{"id":2,"name":"two","at":"2026-01-02T03:04:05Z","value":2}""",
                """{"id":3,"name":"three","at":"2026-01-02T03:04:05Z","value":3}""",
            ],
            File.ReadAllLines(path));
    }

    [Fact]
    public async Task Text_with_an_unpaired_surrogate_is_refused_rather_than_altered()
    {
        var path = _folder.File("events.jsonl");
        await using var sink = new JsonLinesSink<Event>(path, EventFlow.Table);
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => sink.WriteAsync(new[] { new Event(1, "bad \uD800 text", s_at, null) }, CancellationToken.None).AsTask());
        Assert.Contains("\"name\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("U+D800", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path) && new FileInfo(path).Length > 0);

        // A well-formed pair is text like any other.
        await sink.WriteAsync(new[] { new Event(2, "ok 😀", s_at, null) }, CancellationToken.None);
        Assert.Equal("ok 😀", JsonDocument.Parse(Assert.Single(File.ReadAllLines(path))).RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_file_whose_last_line_was_cut_short_gets_a_line_break_first()
    {
        var path = _folder.File("events.jsonl");
        File.WriteAllText(path, "{\"id\":0,\"na");
        await using (var sink = new JsonLinesSink<Event>(path, EventFlow.Table))
        {
            await sink.WriteAsync(new[] { new Event(1, "one", s_at, null) }, CancellationToken.None);
            await sink.WriteAsync(new[] { new Event(2, "two", s_at, null) }, CancellationToken.None);
        }

        var lines = File.ReadAllLines(path);
        Assert.Equal(3, lines.Length);
        Assert.Equal("{\"id\":0,\"na", lines[0]);
        Assert.Equal([1L, 2L], lines[1..].Select(static line => JsonDocument.Parse(line).RootElement.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Every_member_type_is_written_as_documented()
    {
        var path = _folder.File("all.jsonl");
        var row = new AllTypes(
            Id: 7,
            Flag: true,
            U8: byte.MaxValue, I8: sbyte.MinValue, I16: short.MinValue, U16: ushort.MaxValue,
            I32: int.MinValue, U32: uint.MaxValue, I64: long.MinValue, U64: ulong.MaxValue,
            F32: 1.1f, F64: 0.1, Money: 1.50m,
            Text: "tab\t \"quote\" é", Letter: 'x', Uuid: new Guid("0123456789abcdef0123456789ABCDEF"),
            At: s_at.AddTicks(1_234_567),
            AtOffset: new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
            Day: new DateOnly(2026, 1, 2),
            Time: new TimeOnly(3, 4, 5),
            Span: new TimeSpan(1, 2, 3, 4, 5),
            Bytes: [1, 2, 3],
            Mood: Mood.Cross,
            Missing: null);

        await using (var flow = AllTypesFlow.JsonLines(path))
        {
            await flow.SubmitAsync(row);
        }

        using var document = JsonDocument.Parse(Assert.Single(File.ReadAllLines(path)));
        var raw = document.RootElement.EnumerateObject().ToDictionary(static p => p.Name, static p => p.Value.GetRawText());
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["id"] = "7",
                ["flag"] = "true",
                ["u8"] = "255",
                ["i8"] = "-128",
                ["i16"] = "-32768",
                ["u16"] = "65535",
                ["i32"] = "-2147483648",
                ["u32"] = "4294967295",
                ["i64"] = "-9223372036854775808",
                ["u64"] = "18446744073709551615",
                ["f32"] = "1.1",
                ["f64"] = "0.1",
                ["money"] = "1.50",
                ["text"] = "\"tab\\t \\u0022quote\\u0022 \\u00E9\"",
                ["letter"] = "\"x\"",
                ["uuid"] = "\"01234567-89ab-cdef-0123-456789abcdef\"",
                ["at"] = "\"2026-01-02T03:04:05.1234567Z\"",
                ["at_offset"] = "\"2026-01-02T03:04:05+02:00\"",
                ["day"] = "\"2026-01-02\"",
                ["time"] = "\"03:04:05.0000000\"",
                ["span"] = "\"1.02:03:04.0050000\"",
                ["bytes"] = "\"AQID\"",
                ["mood"] = "-2",
                ["missing"] = "null",
            },
            raw);

        // And each reads back as the value it came from.
        var json = document.RootElement;
        Assert.Equal(row.Text, json.GetProperty("text").GetString());
        Assert.Equal(row.At, json.GetProperty("at").GetDateTime());
        Assert.Equal(DateTimeKind.Utc, json.GetProperty("at").GetDateTime().Kind);
        Assert.Equal(row.AtOffset, json.GetProperty("at_offset").GetDateTimeOffset());
        Assert.Equal(row.Uuid, json.GetProperty("uuid").GetGuid());
        Assert.Equal(row.Bytes, json.GetProperty("bytes").GetBytesFromBase64());
        Assert.Equal(row.U64, json.GetProperty("u64").GetUInt64());
        Assert.Equal(row.F32, json.GetProperty("f32").GetSingle());
        Assert.Equal(row.Money, json.GetProperty("money").GetDecimal());
        Assert.Equal(row.Day, DateOnly.ParseExact(json.GetProperty("day").GetString()!, "O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(row.Time, TimeOnly.ParseExact(json.GetProperty("time").GetString()!, "O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(row.Span, TimeSpan.ParseExact(json.GetProperty("span").GetString()!, "c", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Io_errors_are_transient_anywhere_in_the_chain_and_access_denied_is_batch_wide()
    {
        await using var sink = new JsonLinesSink<Event>(_folder.File("events.jsonl"), EventFlow.Table);
        Assert.True(sink.IsTransient(new IOException("disk full")));
        Assert.True(sink.IsTransient(new AggregateException(new InvalidOperationException("wrapper", new IOException("gone")))));
        Assert.False(sink.IsTransient(new ArgumentException("NaN")));
        Assert.False(sink.IsTransient(new UnauthorizedAccessException()));
        Assert.True(sink.IsBatchWide(new UnauthorizedAccessException()));
        Assert.False(sink.IsBatchWide(new ArgumentException("NaN")));
        Assert.Equal(1, sink.Defaults.MaxConcurrentFlushes);
    }

    [Fact]
    public async Task Writing_after_dispose_fails()
    {
        var sink = new JsonLinesSink<Event>(_folder.File("events.jsonl"), EventFlow.Table);
        await sink.DisposeAsync();
        await sink.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => sink.WriteAsync(new[] { new Event(1, "one", s_at, null) }, CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task The_file_stays_readable_while_the_sink_holds_it()
    {
        var path = _folder.File("events.jsonl");
        await using var sink = new JsonLinesSink<Event>(path, EventFlow.Table);
        await sink.WriteAsync(new[] { new Event(1, "one", s_at, null) }, CancellationToken.None);
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), Encoding.UTF8);
        Assert.StartsWith("{\"id\":1,", await reader.ReadLineAsync(), StringComparison.Ordinal);
    }
}
