using BatchFlow.PostgreSql.Tests.Support;
using Npgsql;

namespace BatchFlow.PostgreSql.Tests;

public sealed class JsonAndCitextTests
{
    // jsonb prints its canonical form: keys shorter first, then by bytes; ", " and ": " between items.
    private static readonly Document[] s_rows =
    [
        new(1, """{"a": 1, "tags": ["x", "ü", "🎉"], "nested": {"k": null}}""", """{"kept":   "as written" , "z":1}""", "Hello"),
        new(2, "[]", null, "WORLD"),
        new(3, "\"just a string\"", "42", ""),
        new(4, "{}", "{}", "mIxEd ÇaSe"),
    ];

    [Fact]
    public async Task String_members_round_trip_through_jsonb_json_and_citext_columns()
    {
        await using var table = await TestTable.CreateAsync(DocumentFlow.Table.Name, Documents.Columns);
        var log = new FailureLog<Document>();
        await using (var flow = DocumentFlow.Postgres(table.DataSource, log.Options()))
        {
            foreach (var row in s_rows)
            {
                await flow.SubmitAsync(row);
            }
        }

        Assert.Empty(log.Failures.Select(f => f.Exception.Message));
        Assert.Equal(s_rows, await ReadAsync(table));

        // The columns really are jsonb and citext: the server parsed the JSON, and compares tags without case.
        Assert.Equal(1L, await table.ScalarAsync<long>($"SELECT (body -> 'a')::bigint FROM {table.Quoted} WHERE id = 1"));
        Assert.Equal(2L, await table.ScalarAsync<long>(
            $"SELECT count(*) FROM {table.Quoted} WHERE tag OPERATOR(public.=) 'hello'::public.citext OR tag OPERATOR(public.=) 'world'::public.citext"));
    }

    [Fact]
    public async Task A_row_whose_jsonb_value_is_not_JSON_fails_alone_with_the_server_s_error()
    {
        await using var table = await TestTable.CreateAsync(DocumentFlow.Table.Name, Documents.Columns);
        var log = new FailureLog<Document>();
        await using (var flow = DocumentFlow.Postgres(table.DataSource, log.Options()))
        {
            foreach (var row in s_rows.Append(new Document(5, "{not json", null, "bad")))
            {
                await flow.SubmitAsync(row);
            }
        }

        var failure = Assert.Single(log.Failures);
        Assert.Equal(5L, Assert.Single(failure.Rows).Id);
        Assert.Equal("22P02", Assert.IsType<PostgresException>(failure.Exception).SqlState);
        Assert.Equal(s_rows, await ReadAsync(table));
    }

    [Fact]
    public async Task The_upsert_path_writes_jsonb_through_its_staging_table()
    {
        await using var table = await TestTable.CreateAsync(DocumentFlow.Table.Name, Documents.Columns);
        var log = new FailureLog<UpdateDocument>();
        await using (var flow = UpdateDocumentFlow.Postgres(table.DataSource, log.Options()))
        {
            await flow.SubmitAsync(new UpdateDocument(1, """{"v": 1}""", null, "first"));
            await flow.FlushAsync();
            await flow.SubmitAsync(new UpdateDocument(1, """{"v": 2}""", "[1, 2]", "Second"));
        }

        Assert.Empty(log.Failures);
        Assert.Equal([new Document(1, """{"v": 2}""", "[1, 2]", "Second")], await ReadAsync(table));
    }

    private static async Task<List<Document>> ReadAsync(TestTable table) =>
        await table.QueryAsync(
            $"SELECT id, body::text, meta::text, tag::text FROM {table.Quoted} ORDER BY id",
            (NpgsqlDataReader r) => new Document(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3)));
}
