using BatchFlow.PostgreSql;
using BatchFlow.Sinks;

// Gives every generated flow in a project that references this package a Postgres(dataSource, options) factory.
// PostgreSQL keeps the first 63 bytes of a name and drops the rest without an error: longer names are compile errors.
[assembly: BatchFlowProvider(
    "Postgres",
    typeof(PostgresBatchSink<>),
    Destination = "into PostgreSQL with binary COPY",
    DisplayName = "PostgreSQL",
    MaxIdentifierBytes = 63)]
