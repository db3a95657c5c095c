using BatchFlow.MySql;
using BatchFlow.Sinks;

// Gives every generated flow in a project that references this package a MySql(dataSource, options) factory.
// MySQL and MariaDB refuse names longer than 64 characters (error 1059) instead of cutting them, so no byte limit is
// declared: the table plan reports such a table as missing before the first write.
[assembly: BatchFlowProvider(
    "MySql",
    typeof(MySqlBatchSink<>),
    Destination = "into MySQL or MariaDB with LOAD DATA LOCAL INFILE",
    DisplayName = "MySQL")]
