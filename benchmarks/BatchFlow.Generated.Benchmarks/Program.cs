using BenchmarkDotNet.Running;

// Suites are picked with --filter, e.g. `dotnet run -c Release -- --filter '*PostgresConflictPath*'`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
