using BenchmarkDotNet.Running;

// Every suite in this assembly: pick with --anyCategories comparison / design (see Suites.cs) or --filter, e.g. --filter '*PostgresConflictPath*'.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
