namespace BatchFlow.Conformance;

public abstract partial class ProviderConformanceTests
{
    // Key 1 is stored already and appears twice in the second batch; key 3 is new and appears twice.
    private static readonly (long Id, string Name, int Score)[] s_first = [(1, "a", 10), (2, "b", 20)];
    private static readonly (long Id, string Name, int Score)[] s_second = [(1, "c", 11), (3, "d", 30), (1, "e", 12), (3, "f", 31)];

    [Fact]
    public async Task Conflict_None_reports_each_row_whose_key_is_stored_or_repeats_in_its_batch_and_commits_the_rest()
    {
        var table = await Target.CreateTableAsync(PlainAccount.Table);
        var (options, failures) = Collecting<PlainAccount>(flushSize: 4);
        await using (var flow = Flow(table, options))
        {
            await SubmitAsync<PlainAccount>(flow, s_first);
            await flow.FlushAsync();
            await SubmitAsync<PlainAccount>(flow, s_second);
        }

        Assert.Equal([(1L, "a", 10), (2L, "b", 20), (3L, "d", 30)], await AccountsAsync(table));
        Assert.Equal(
            [(1L, "c", 11), (1L, "e", 12), (3L, "f", 31)],
            failures.SelectMany(f => f.Rows).Select(r => (r.Id, r.Name, r.Score)).Order());
        Assert.All(failures, f => Assert.Equal(1, f.Attempts));
    }

    [Fact]
    public Task Conflict_Ignore_keeps_the_stored_row_and_the_first_row_of_a_key_inside_a_batch() =>
        TwoBatchesAsync<IgnoreAccount>([(1L, "a", 10, Edited), (2L, "b", 20, Edited), (3L, "d", 30, Target.UnwrittenNote)]);

    [Fact]
    public Task Conflict_Update_writes_the_last_row_of_a_key_over_the_written_columns_and_keeps_the_others() =>
        TwoBatchesAsync<UpdateAccount>([(1L, "e", 12, Edited), (2L, "b", 20, Edited), (3L, "f", 31, Target.UnwrittenNote)]);

    [Fact]
    public Task Conflict_Replace_makes_the_row_exactly_the_last_new_one_so_unwritten_columns_return_to_their_default() =>
        TwoBatchesAsync<ReplaceAccount>([(1L, "e", 12, Target.UnwrittenNote), (2L, "b", 20, Edited), (3L, "f", 31, Target.UnwrittenNote)]);

    [Fact]
    public Task A_composite_key_conflicts_only_when_every_key_column_matches_with_Ignore() => CompositeKeyAsync<IgnoreMembership>(last: false);

    [Fact]
    public Task A_composite_key_conflicts_only_when_every_key_column_matches_with_Update() => CompositeKeyAsync<UpdateMembership>(last: true);

    [Fact]
    public Task A_composite_key_conflicts_only_when_every_key_column_matches_with_Replace() => CompositeKeyAsync<ReplaceMembership>(last: true);

    private const string Edited = ConformanceTarget.EditedNote;

    /// <summary>
    /// Writes <see cref="s_first"/>, marks every stored row's unwritten column <c>note</c> as edited, writes
    /// <see cref="s_second"/> as one batch, and compares the table with <paramref name="expected"/> (a note no write
    /// set is <see cref="ConformanceTarget.UnwrittenNote"/>: the column's default 'fresh' in SQL).
    /// </summary>
    private async Task TwoBatchesAsync<T>((long, string, int, string?)[] expected)
        where T : IAccountRow<T>
    {
        var table = await Target.CreateTableAsync(T.Table, withNote: true);
        var (options, failures) = Collecting<T>(flushSize: 4);
        await using (var flow = Flow(table, options))
        {
            await SubmitAsync<T>(flow, s_first);
            await flow.FlushAsync();
            await Target.MarkNotesEditedAsync(table);
            await SubmitAsync<T>(flow, s_second);
        }

        Assert.Empty(failures);
        var stored = await Target.ReadAsync(
            table,
            [("id", ColumnType.Int64), ("name", ColumnType.String), ("score", ColumnType.Int32), (ConformanceTarget.NoteColumn, ColumnType.String)]);
        Assert.Equal(expected, stored.Select(r => ((long)r[0]!, (string)r[1]!, (int)r[2]!, (string?)r[3])));
    }

    private async Task CompositeKeyAsync<T>(bool last)
        where T : IMembershipRow<T>
    {
        var table = await Target.CreateTableAsync(T.Table);
        var (options, failures) = Collecting<T>(flushSize: 4);
        await using (var flow = Flow(table, options))
        {
            foreach (var (tenant, member, role) in new[] { (1L, "ann", "reader"), (1L, "bob", "reader"), (2L, "ann", "reader") })
            {
                await flow.SubmitAsync(T.New(tenant, member, role));
            }

            await flow.FlushAsync();

            // One batch: (1, ann) stored and repeated, (2, ann) stored, (2, bob) new.
            foreach (var (tenant, member, role) in new[] { (1L, "ann", "admin"), (2L, "ann", "writer"), (2L, "bob", "reader"), (1L, "ann", "owner") })
            {
                await flow.SubmitAsync(T.New(tenant, member, role));
            }
        }

        Assert.Empty(failures);
        var stored = await Target.ReadAsync(table, [("tenant", ColumnType.Int64), ("member", ColumnType.String), ("role", ColumnType.String)]);
        (long, string, string)[] expected = last
            ? [(1, "ann", "owner"), (1, "bob", "reader"), (2, "ann", "writer"), (2, "bob", "reader")]
            : [(1, "ann", "reader"), (1, "bob", "reader"), (2, "ann", "reader"), (2, "bob", "reader")];
        Assert.Equal(expected, stored.Select(r => ((long)r[0]!, (string)r[1]!, (string)r[2]!)));
    }

    private static async Task SubmitAsync<T>(BatchFlow<T> flow, IEnumerable<(long Id, string Name, int Score)> rows)
        where T : IAccountRow<T>
    {
        foreach (var (id, name, score) in rows)
        {
            await flow.SubmitAsync(T.New(id, name, score));
        }
    }

    private async Task<List<(long, string, int)>> AccountsAsync(TableShape table) =>
        [.. (await Target.ReadAsync(table, [("id", ColumnType.Int64), ("name", ColumnType.String), ("score", ColumnType.Int32)]))
            .Select(r => ((long)r[0]!, (string)r[1]!, (int)r[2]!))];
}
