using System.Collections.Concurrent;
using BatchFlow.MySql.Tests.Support;
using BatchFlow.Sinks;
using MySqlConnector;

namespace BatchFlow.MySql.Tests;

/// <summary>
/// What LOAD DATA LOCAL and INSERT IGNORE would let through must fail alone, with the server's own error, under every
/// conflict mode: a NULL into NOT NULL (1048), 20 characters into VARCHAR(10) (1406), a TIME beyond 838:59:59 (1292).
/// </summary>
public sealed class StrictnessTests
{
    /// <summary>Every mode on the path the sink picks, and the upserts on both paths (small upsert batches are INSERTs by default).</summary>
    public static TheoryData<string> Modes => new() { "None", "Ignore", "Update", "Replace", "Update/Load", "Replace/Load", "None/Insert" };

    [Theory]
    [MemberData(nameof(Modes))]
    public Task A_bad_value_fails_alone_with_the_servers_error_and_the_other_999_rows_of_its_batch_commit_unchanged(string mode) => mode switch
    {
        "None" => RunAsync<StrictNone>(),
        "Ignore" => RunAsync<StrictIgnore>(),
        "Update" => RunAsync<StrictUpdate>(),
        "Replace" => RunAsync<StrictReplace>(),
        "Update/Load" => RunAsync<StrictUpdate>(MySqlWritePath.Load),
        "Replace/Load" => RunAsync<StrictReplace>(MySqlWritePath.Load),
        "None/Insert" => RunAsync<StrictNone>(MySqlWritePath.Insert),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Not a case of Modes."),
    };

    private static async Task RunAsync<T>(MySqlWritePath? path = null)
        where T : IStrictRow<T>
    {
        await using var table = await TestTable.CreateAsync("strict", "id BIGINT PRIMARY KEY, name VARCHAR(10) NOT NULL, span TIME(6) NULL");
        var description = table.Describe(T.Table);
        var failures = new ConcurrentQueue<BatchFailure<T>>();
        var options = new BatchFlowOptions<T>
        {
            FlushSize = 1_000,
            LingerTime = TimeSpan.FromHours(1),
            OnFailure = failure =>
            {
                failures.Enqueue(failure);
                return ValueTask.CompletedTask;
            },
        };

        // For the upserts, some keys of each batch are stored already with other values (never the bad rows' keys).
        var upsert = description.Conflict != Conflict.None;
        if (upsert)
        {
            await TestDatabase.ExecuteAsync($"INSERT INTO {table.Quoted} (id, name, span) SELECT seq, 'old', '01:00:00' FROM seq_1_to_3000 WHERE seq % 10 = 1");
        }

        // Three batches of 1,000 rows, each with one bad row: 500 NULL name, 1500 a 20-char name, 2500 TIME 839:00:00.
        (long Id, int Code)[] bad = [(500, 1048), (1_500, 1406), (2_500, 1292)];
        await using (var flow = new BatchFlow<T>(new MySqlBatchSink<T>(table.DataSource, description) { ForcedPath = path }, options))
        {
            for (var id = 1L; id <= 3_000; id++)
            {
                var name = id switch { 500 => null, 1_500 => new string('x', 20), _ => "n" + id };
                var span = id == 2_500 ? TimeSpan.FromHours(839) : TimeSpan.FromSeconds(id);
                await flow.SubmitAsync(T.New(id, name, span));
            }
        }

        Assert.Equal(bad.Select(b => b.Id), failures.SelectMany(f => f.Rows).Select(r => r.Id).Order());
        foreach (var failure in failures)
        {
            var row = Assert.Single(failure.Rows);
            var server = ExceptionChain.Find<MySqlException>(failure.Exception);
            Assert.True(server is not null, $"Row {row.Id} failed without the server's error: {failure.Exception}");
            Assert.Equal(bad.Single(b => b.Id == row.Id).Code, server.Number);
        }

        var stored = await TestDatabase.QueryAsync(
            $"SELECT id, name, span FROM {table.Quoted} ORDER BY id",
            r => (r.GetInt64(0), r.GetString(1), r.GetTimeSpan(2)));
        var expected = Enumerable.Range(1, 3_000).Select(i => (long)i).Where(id => !bad.Any(b => b.Id == id))
            .Select(id => upsert && id % 10 == 1 && description.Conflict == Conflict.Ignore
                ? (id, "old", TimeSpan.FromHours(1))
                : (id, "n" + id, TimeSpan.FromSeconds(id)));
        Assert.Equal(expected, stored);
    }
}
