using System.Net.Sockets;
using BatchFlow.PostgreSql.Tests.Support;
using Npgsql;

namespace BatchFlow.PostgreSql.Tests;

public sealed class TransientClassificationTests
{
    private readonly PostgresBatchSink<Account> _sink = Accounts.RawSink(NpgsqlDataSource.Create("Host=127.0.0.1;Username=nobody"), Conflict.None);

    [Theory]
    [InlineData("08000", "connection_exception")]
    [InlineData("08001", "sqlclient_unable_to_establish_sqlconnection")]
    [InlineData("08003", "connection_does_not_exist")]
    [InlineData("08004", "sqlserver_rejected_establishment_of_sqlconnection")]
    [InlineData("08006", "connection_failure")]
    [InlineData("08007", "transaction_resolution_unknown")]
    [InlineData("08P01", "protocol_violation")]
    [InlineData("40001", "serialization_failure")]
    [InlineData("40P01", "deadlock_detected")]
    [InlineData("55P03", "lock_not_available")]
    [InlineData("57P01", "admin_shutdown")]
    [InlineData("57P02", "crash_shutdown")]
    [InlineData("57P03", "cannot_connect_now")]
    [InlineData("53300", "too_many_connections")]
    public void These_SQLSTATEs_are_transient(string sqlState, string name)
    {
        Assert.True(_sink.IsTransient(Postgres(sqlState)), $"{sqlState} ({name}) should be retried.");
    }

    [Theory]
    [InlineData("23505", "unique_violation")]
    [InlineData("23502", "not_null_violation")]
    [InlineData("23503", "foreign_key_violation")]
    [InlineData("23514", "check_violation")]
    [InlineData("22001", "string_data_right_truncation")]
    [InlineData("22003", "numeric_value_out_of_range")]
    [InlineData("22021", "character_not_in_repertoire")]
    [InlineData("22P02", "invalid_text_representation")]
    [InlineData("22P03", "invalid_binary_representation")]
    [InlineData("21000", "cardinality_violation")]
    [InlineData("42P01", "undefined_table")]
    [InlineData("42703", "undefined_column")]
    [InlineData("42501", "insufficient_privilege")]
    [InlineData("42P10", "invalid_column_reference")]
    public void These_SQLSTATEs_are_permanent(string sqlState, string name)
    {
        Assert.False(_sink.IsTransient(Postgres(sqlState)), $"{sqlState} ({name}) is about the rows or the schema and must not be retried.");
    }

    [Theory]
    [InlineData("42P01", true)]
    [InlineData("42703", true)]
    [InlineData("42501", true)]
    [InlineData("42P10", true)]
    [InlineData("42601", true)]
    [InlineData("3F000", true)]
    [InlineData("23505", false)]
    [InlineData("23514", false)]
    [InlineData("22021", false)]
    [InlineData("22P03", false)]
    [InlineData("40P01", false)]
    [InlineData("08006", false)]
    public void Statement_level_SQLSTATEs_fail_the_whole_batch_and_row_level_ones_do_not(string sqlState, bool batchWide)
    {
        Assert.Equal(batchWide, _sink.IsBatchWide(Postgres(sqlState)));
        Assert.Equal(batchWide, _sink.IsBatchWide(new NpgsqlException("outer", Postgres(sqlState))));
        Assert.False(_sink.IsBatchWide(new InvalidOperationException("not from the server")));
    }

    [Fact]
    public void Network_failures_are_transient_wherever_they_sit_in_the_chain()
    {
        Assert.True(_sink.IsTransient(new IOException("reset")));
        Assert.True(_sink.IsTransient(new SocketException((int)SocketError.ConnectionReset)));
        Assert.True(_sink.IsTransient(new TimeoutException()));
        Assert.True(_sink.IsTransient(new NpgsqlException("Exception while writing to stream", new IOException("broken pipe"))));
        Assert.True(_sink.IsTransient(new InvalidOperationException("outer", new EndOfStreamException())));
        Assert.True(_sink.IsTransient(new AggregateException(new ArgumentException("a"), Postgres("40P01"))));
    }

    [Fact]
    public void Errors_about_the_rows_are_permanent()
    {
        // What Npgsql throws for a DateTime whose Kind does not fit the column.
        Assert.False(_sink.IsTransient(new ArgumentException("Cannot write DateTime with Kind=UTC to PostgreSQL type 'timestamp without time zone'")));
        Assert.False(_sink.IsTransient(new InvalidCastException("Writing values of 'System.Int32' is not supported")));
        Assert.False(_sink.IsTransient(new InvalidOperationException("Table \"t\" was not found")));
        Assert.False(_sink.IsTransient(new NpgsqlException("some client-side problem")));
        Assert.False(_sink.IsTransient(new AggregateException(new ArgumentException("a"), Postgres("23505"))));
    }

    private static PostgresException Postgres(string sqlState) => new("message", "ERROR", "ERROR", sqlState);
}
