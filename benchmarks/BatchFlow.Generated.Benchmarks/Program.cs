using BenchmarkDotNet.Running;

// Every suite in this assembly: pick with --filter, e.g. --filter '*SqliteStatementShape*' or '*PostgresConflictPath*'.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
