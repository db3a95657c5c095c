using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using BatchFlow;

namespace CustomSink.Tests;

/// <summary>The sink as a user meets it: through the generated <c>EventFlow.JsonLines</c> factory.</summary>
public sealed class JsonLinesFlowTests : IDisposable
{
    private static readonly DateTime s_start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Every_submitted_row_is_a_line_that_round_trips()
    {
        var path = _folder.File("events.jsonl");
        var failures = new ConcurrentQueue<BatchFailure<Event>>();
        var events = Enumerable.Range(1, 2_500)
            .Select(id => new Event(
                id,
                id % 7 == 0 ? $"\"quoted\" ünïcødé 😀 line\nbreak {id}" : $"event {id}",
                s_start.AddTicks(id * 1_234_567L),
                id % 10 == 0 ? null : id * 0.1))
            .ToList();

        var options = new BatchFlowOptions<Event> { OnFailure = failure => { failures.Enqueue(failure); return default; } };
        await using (var flow = EventFlow.JsonLines(path, options))
        {
            foreach (var row in events)
            {
                await flow.SubmitAsync(row);
            }
        }

        Assert.Empty(failures);
        var lines = File.ReadAllLines(path);
        Assert.Equal(events.Count, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            using var document = JsonDocument.Parse(lines[i]);
            var json = document.RootElement;
            Assert.Equal(["id", "name", "at", "value"], json.EnumerateObject().Select(static p => p.Name));
            var expected = events[i];
            Assert.Equal(expected, ReadEvent(json));
        }

        Assert.Contains(lines, static line => line.EndsWith("\"value\":null}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_row_json_refuses_fails_alone_and_the_rest_of_its_batch_is_written()
    {
        var path = _folder.File("events.jsonl");
        var failures = new ConcurrentQueue<BatchFailure<Event>>();
        var options = new BatchFlowOptions<Event>
        {
            // One batch of ten: the core splits it until the NaN row stands alone.
            FlushSize = 10,
            LingerTime = TimeSpan.FromMinutes(1),
            OnFailure = failure => { failures.Enqueue(failure); return default; },
        };

        var events = Enumerable.Range(1, 10).Select(id => new Event(id, $"event {id}", s_start, id == 4 ? double.NaN : id)).ToList();
        await using (var flow = EventFlow.JsonLines(path, options))
        {
            foreach (var row in events)
            {
                await flow.SubmitAsync(row);
            }
        }

        var failure = Assert.Single(failures);
        Assert.Equal([events[3]], failure.Rows);
        Assert.Equal(1, failure.Attempts);
        Assert.Equal("jsonlines", failure.Provider);
        var error = Assert.IsType<ArgumentException>(failure.Exception);
        Assert.Contains("\"value\"", error.Message, StringComparison.Ordinal);

        // The failed halves of the split appended nothing: each other row is there exactly once, in order.
        var written = File.ReadAllLines(path).Select(static line => JsonDocument.Parse(line).RootElement.GetProperty("id").GetInt64());
        Assert.Equal([1L, 2, 3, 5, 6, 7, 8, 9, 10], written);
    }

    [Fact]
    public async Task Concurrent_flushes_still_append_one_batch_at_a_time()
    {
        var path = _folder.File("events.jsonl");
        var options = new BatchFlowOptions<Event> { FlushSize = 7, MaxConcurrentFlushes = 8 };
        await using (var flow = EventFlow.JsonLines(path, options))
        {
            await Parallel.ForAsync(1, 5_001, async (id, token) =>
                await flow.SubmitAsync(new Event(id, new string('x', id % 300), s_start, id), token));
        }

        var ids = File.ReadAllLines(path).Select(static line => JsonDocument.Parse(line).RootElement.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(5_000, ids.Count);
        Assert.Equal(Enumerable.Range(1, 5_000).Select(static id => (long)id), ids.Order());
    }

    [Fact]
    public async Task The_generated_factory_takes_the_path_and_the_options()
    {
        var factory = typeof(EventFlow).GetMethod("JsonLines", BindingFlags.Public | BindingFlags.Static, [typeof(string), typeof(BatchFlowOptions)]);
        Assert.NotNull(factory);
        Assert.Equal(typeof(EventFlow), factory.ReturnType);
        Assert.Equal(["path", "options"], factory.GetParameters().Select(static p => p.Name));
        Assert.True(factory.GetParameters()[1].IsOptional);

        var path = _folder.File("events.jsonl");
        await using (var flow = EventFlow.JsonLines(path))
        {
            Assert.Equal("events", flow.TableName);
            Assert.Equal("jsonlines", flow.ProviderName);

            // Nothing is opened before the first write.
            Assert.False(File.Exists(path));
            await flow.SubmitAsync(new Event(1, "one", s_start, null));
            await flow.FlushAsync();
        }

        Assert.Equal("""{"id":1,"name":"one","at":"2026-01-01T00:00:00Z","value":null}""", Assert.Single(File.ReadAllLines(path)));
    }

    [Fact]
    public async Task A_flow_appends_to_what_the_file_already_holds()
    {
        var path = _folder.File("events.jsonl");
        for (var run = 1; run <= 2; run++)
        {
            await using var flow = EventFlow.JsonLines(path);
            await flow.SubmitAsync(new Event(run, $"run {run}", s_start, run));
        }

        Assert.Equal(
            [
                """{"id":1,"name":"run 1","at":"2026-01-01T00:00:00Z","value":1}""",
                """{"id":2,"name":"run 2","at":"2026-01-01T00:00:00Z","value":2}""",
            ],
            File.ReadAllLines(path));
    }

    private static Event ReadEvent(JsonElement json) => new(
        json.GetProperty("id").GetInt64(),
        json.GetProperty("name").GetString()!,
        json.GetProperty("at").GetDateTime(),
        json.GetProperty("value") is { ValueKind: JsonValueKind.Null } ? null : json.GetProperty("value").GetDouble());
}
