using System.Net.Sockets;
using BatchFlow.MySql.Tests.Support;

namespace BatchFlow.MySql.Tests;

/// <summary>The dialect's SQL text, the table plan and the error classification, without a server.</summary>
public sealed class MySqlSqlTests
{
    private static readonly MySqlServer s_mariaDb = new(true, new Version(10, 11, 6), 16 << 20, true);
    private static readonly MySqlServer s_mySql8 = new(false, new Version(8, 0, 36), 64 << 20, true);

    private static TableShape Shape(Conflict conflict) => new("we`ird", conflict,
    [
        new ColumnDescription("id", "Id", ColumnType.Int64, false, true),
        new ColumnDescription("na`me", "Name", ColumnType.String, false, false),
        new ColumnDescription("data", "Data", ColumnType.Binary, true, false),
    ]);

    [Theory]
    [InlineData("plain", "`plain`")]
    [InlineData("we`ird", "`we``ird`")]
    [InlineData("``", "``````")]
    [InlineData("with space", "`with space`")]
    public void Identifiers_are_quoted_with_backticks_and_embedded_backticks_doubled(string name, string quoted) =>
        Assert.Equal(quoted, MySqlSql.Quote(name));

    [Fact]
    public void Conflict_None_is_a_plain_multi_row_insert() =>
        Assert.Equal("INSERT INTO `we``ird` (`id`, `na``me`, `data`) VALUES (?, ?, ?), (?, ?, ?)", MySqlSql.Insert(Shape(Conflict.None), 2, [], rowAlias: false));

    [Fact]
    public void Conflict_Ignore_updates_the_key_to_itself_instead_of_INSERT_IGNORE()
    {
        var sql = MySqlSql.Insert(Shape(Conflict.Ignore), 1, [], rowAlias: true);
        Assert.Equal("INSERT INTO `we``ird` (`id`, `na``me`, `data`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE `id` = `id`", sql);
        Assert.DoesNotContain("IGNORE", sql.Replace("DUPLICATE KEY", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Conflict_Update_uses_VALUES_on_MariaDB_and_the_row_alias_on_MySQL_8_0_19_and_later()
    {
        Assert.Equal(
            "INSERT INTO `we``ird` (`id`, `na``me`, `data`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE `na``me` = VALUES(`na``me`), `data` = VALUES(`data`)",
            MySqlSql.Insert(Shape(Conflict.Update), 1, [], s_mariaDb.UsesRowAlias));
        Assert.Equal(
            "INSERT INTO `we``ird` (`id`, `na``me`, `data`) VALUES (?, ?, ?) AS `_batchflow_new` ON DUPLICATE KEY UPDATE `na``me` = `_batchflow_new`.`na``me`, `data` = `_batchflow_new`.`data`",
            MySqlSql.Insert(Shape(Conflict.Update), 1, [], s_mySql8.UsesRowAlias));
        Assert.False(new MySqlServer(false, new Version(8, 0, 18), 1, true).UsesRowAlias);
    }

    [Fact]
    public void Conflict_Replace_sets_unwritten_columns_to_their_default_and_never_deletes()
    {
        var sql = MySqlSql.Insert(Shape(Conflict.Replace), 1, ["note", "x`y"], rowAlias: false);
        Assert.EndsWith("ON DUPLICATE KEY UPDATE `na``me` = VALUES(`na``me`), `data` = VALUES(`data`), `note` = DEFAULT(`note`), `x``y` = DEFAULT(`x``y`)", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("REPLACE", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("DELETE", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void The_merge_takes_the_staged_rows_in_key_order_and_empties_the_staging_table()
    {
        Assert.Equal(
            "INSERT INTO `we``ird` (`id`, `na``me`, `data`) SELECT `id`, `na``me`, `data` FROM `_batchflow_staging` ORDER BY `id` ON DUPLICATE KEY UPDATE `na``me` = VALUES(`na``me`), `data` = VALUES(`data`)",
            MySqlSql.Merge(Shape(Conflict.Update), [], rowAlias: false));
        Assert.Equal(
            "INSERT INTO `we``ird` (`id`, `na``me`, `data`) SELECT * FROM (SELECT `id`, `na``me`, `data` FROM `_batchflow_staging`) AS `_batchflow_new` ORDER BY `_batchflow_new`.`id` ON DUPLICATE KEY UPDATE `na``me` = `_batchflow_new`.`na``me`, `data` = `_batchflow_new`.`data`",
            MySqlSql.Merge(Shape(Conflict.Update), [], rowAlias: true));
        Assert.Equal(
            "DROP TEMPORARY TABLE IF EXISTS `_batchflow_staging`; CREATE TEMPORARY TABLE `_batchflow_staging` ENGINE=InnoDB SELECT `id`, `na``me`, `data` FROM `we``ird` LIMIT 0",
            MySqlSql.CreateStaging(Shape(Conflict.Update)));
    }

    [Fact]
    public void Binary_columns_and_BIT_booleans_are_loaded_through_user_variables()
    {
        MySqlColumnFormat[] formats = [MySqlColumnFormat.Native, MySqlColumnFormat.Native, MySqlColumnFormat.Native];
        var (columns, expressions) = MySqlSql.LoadColumns(Shape(Conflict.None).Columns, formats);
        Assert.Equal(["`id`", "`na``me`", "@v2"], columns);
        Assert.Equal(["`data` = UNHEX(@v2)"], expressions);

        var flag = new ColumnDescription("f", "F", ColumnType.Boolean, false, false);
        var guid = new ColumnDescription("g", "G", ColumnType.Guid, false, false);
        (columns, expressions) = MySqlSql.LoadColumns([flag, guid], [new(MySqlValueFormat.BooleanBit, 0), new(MySqlValueFormat.GuidBinary, 0)]);
        Assert.Equal(["@v0", "@v1"], columns);
        Assert.Equal(["`f` = CAST(@v0 AS UNSIGNED)", "`g` = UNHEX(@v1)"], expressions);
    }

    [Fact]
    public void The_session_is_strict_in_UTC_and_keeps_every_warning() =>
        Assert.Equal(
            "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', time_zone = '+00:00', max_error_count = 65535",
            MySqlSql.SessionSetup);

    [Theory]
    [InlineData("10.11.19-MariaDB-0+deb12u1", true, "10.11.19")]
    [InlineData("5.5.5-10.6.12-MariaDB-log", true, "10.6.12")]
    [InlineData("8.0.36", false, "8.0.36")]
    [InlineData("8.4.0-commercial", false, "8.4.0")]
    public void Server_versions_are_parsed_with_MariaDBs_replication_prefix(string text, bool mariaDb, string version) =>
        Assert.Equal((mariaDb, Version.Parse(version)), MySqlServer.ParseVersion(text));

    [Theory]
    [InlineData(3, 1_024)]
    [InlineData(63, 1_024)]
    [InlineData(64, 512)]
    [InlineData(1_000, 64)]
    [InlineData(40_000, 1)]
    public void An_insert_holds_a_power_of_two_rows_under_65_535_parameters(int columns, int rows)
    {
        var shape = new TableShape("wide", Conflict.None, Enumerable.Range(0, columns).Select(i => new ColumnDescription("c" + i, "C" + i, ColumnType.Int32, false, i == 0)).ToArray());
        var catalog = Enumerable.Range(0, columns).Select(i => new CatalogColumn("c" + i, "int", "int(11)")).ToArray();
        var plan = MySqlTablePlan.Create(shape, s_mariaDb, catalog, MySqlWritePath.Insert);
        Assert.Equal(rows, plan.MaxRowsPerInsert);
        Assert.True(rows * columns <= 65_535);
    }

    [Fact]
    public void The_plan_names_every_column_that_does_not_fit_and_what_Replace_resets()
    {
        var shape = new TableShape("t", Conflict.Replace,
        [
            new ColumnDescription("id", "Id", ColumnType.UInt64, false, true),
            new ColumnDescription("flag", "Flag", ColumnType.Boolean, false, false),
            new ColumnDescription("gone", "Gone", ColumnType.String, false, false),
            new ColumnDescription("at", "At", ColumnType.DateTime, false, false),
        ]);
        var failure = Assert.Throws<BatchSchemaException>(() => MySqlTablePlan.Create(shape, s_mariaDb,
            [new("id", "bigint", "bigint(20)"), new("flag", "bit", "bit(8)"), new("at", "datetime", "datetime(3)", FractionDigits: 3)], MySqlWritePath.Load));
        Assert.Contains("`id` is bigint(20), which cannot hold every UInt64 value", failure.Message, StringComparison.Ordinal);
        Assert.Contains("`flag` is bit(8)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("no column `gone`", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("`at`", failure.Message, StringComparison.Ordinal);

        var plan = MySqlTablePlan.Create(new TableShape("t", Conflict.Replace, [shape.Columns[0], shape.Columns[3]]), s_mariaDb,
            [new("id", "bigint", "bigint(20) unsigned"), new("at", "datetime", "datetime(3)", FractionDigits: 3), new("note", "varchar", "varchar(9)"),
             new("serial", "bigint", "bigint(20)", IsAutoIncrement: true), new("total", "int", "int(11)", IsGenerated: true)], MySqlWritePath.Load);
        Assert.Equal(["note"], plan.Unwritten);
        Assert.Equal(3, plan.Formats[1].FractionDigits);
        Assert.Equal("`_batchflow_staging`", plan.LoadTarget);
    }

    [Theory]
    [InlineData(1213, true)]
    [InlineData(1205, true)]
    [InlineData(2006, true)]
    [InlineData(2013, true)]
    [InlineData(1040, true)]
    [InlineData(1053, true)]
    [InlineData(1927, true)]
    [InlineData(1062, false)]
    [InlineData(1048, false)]
    [InlineData(1406, false)]
    [InlineData(1292, false)]
    public void Server_errors_are_transient_or_about_the_rows(int number, bool transient) => Assert.Equal(transient, MySqlErrors.IsTransient(number));

    [Theory]
    [InlineData(1146, true)]
    [InlineData(1054, true)]
    [InlineData(1142, true)]
    [InlineData(1148, true)]
    [InlineData(1062, false)]
    [InlineData(1213, false)]
    public void Statement_errors_are_batch_wide(int number, bool batchWide) => Assert.Equal(batchWide, MySqlErrors.IsBatchWide(number));

    [Fact]
    public void IO_and_socket_errors_anywhere_in_the_chain_are_transient_and_warnings_are_not()
    {
        Assert.True(MySqlErrors.IsTransient(new InvalidOperationException("outer", new IOException("reset", new SocketException(104)))));
        Assert.True(MySqlErrors.IsTransient(new AggregateException(new EndOfStreamException())));
        Assert.False(MySqlErrors.IsTransient(new MySqlWarningsException("`t`", [new MySqlWarning("Warning", 1265, "Data truncated")], 1)));
        Assert.False(MySqlErrors.IsTransient(new System.Text.EncoderFallbackException("lone surrogate")));
    }

    [Fact]
    public async Task A_killed_connection_is_transient_as_the_driver_reports_it()
    {
        await using var victim = new MySqlConnector.MySqlConnection(TestDatabase.ConnectionString);
        await victim.OpenAsync();
        await TestDatabase.ExecuteAsync($"KILL CONNECTION {victim.ServerThread}");
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var command = new MySqlConnector.MySqlCommand("SELECT 1", victim);
            await command.ExecuteScalarAsync();
        });
        Assert.True(MySqlErrors.IsTransient(failure), failure.ToString());
        Assert.False(MySqlErrors.IsBatchWide(failure));
    }
}
