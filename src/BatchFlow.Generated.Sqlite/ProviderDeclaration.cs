using BatchFlow.Sinks;
using BatchFlow.Sqlite;

// Gives every generated flow in a project that references this package a Sqlite(connectionString, options) factory.
[assembly: BatchFlowProvider("Sqlite", typeof(SqliteBatchSink<>), Destination = "into a SQLite database", DisplayName = "SQLite")]
