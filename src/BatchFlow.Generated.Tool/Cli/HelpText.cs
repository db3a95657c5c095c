namespace BatchFlow.Tool.Cli;

/// <summary>The help pages. Kept beside the parser so an option added there is documented here in the same change.</summary>
internal static class HelpText
{
    public const string Main = """
        batchflow: schema snapshots for BatchFlow.Generated

        Usage:
          batchflow schema pull --provider <sqlite|postgres|mysql> (--connection <string> | --ddl <file>...) [options]
          batchflow --help | --version

        Commands:
          schema pull    Write the snapshot (batchflow.schema) the generator checks [BatchTable] records against,
                         or with --check compare it with the database (for CI).

        Run 'batchflow schema pull --help' for its options.

        Exit codes: 0 done (or the snapshot matches), 1 --check found differences, 2 usage error,
                    3 the database, a DDL file or the snapshot could not be read, 130 cancelled (Ctrl+C).
        """;

    public const string Schema = """
        Usage:
          batchflow schema pull [options]

        Commands:
          pull    Write the schema snapshot from a database or DDL files, or compare it with --check.

        Run 'batchflow schema pull --help' for its options.
        """;

    public const string Pull = """
        batchflow schema pull: write the schema snapshot, or compare it with the database (--check)

        Usage:
          batchflow schema pull --provider <name> --connection <string> [--table <name>]... [--out <file>] [--check]
          batchflow schema pull --provider sqlite --ddl <file>... [--table <name>]... [--out <file>] [--check]
          batchflow schema pull --provider <postgres|mysql> --connection <string> --ddl <file>... [...]

        Options:
          --provider <name>      sqlite, postgres (or postgresql) or mysql (or mariadb). Required.
          --connection <string>  The connection string, as the provider's ADO.NET driver takes it. For sqlite also a
                                 file path; the file is opened read-only and must exist.
          --ddl <file>           A DDL file (CREATE TABLE ...), repeatable, applied in the order given to a scratch
                                 database that is then read: for sqlite an in-memory database (no --connection); for
                                 postgres a schema batchflow_scratch_<random> on the --connection server; for mysql a
                                 database <database>_scratch_<random>. The scratch schema or database is dropped
                                 afterwards, also when a file fails.
          --table <name>         Only this table; repeatable. Without it, every table of the current schema
                                 (postgres), database (mysql) or main database (sqlite). Pull fails when a named
                                 table does not exist. --check compares only the named tables: give it the same
                                 --table options as the pull.
          --out <file>           The snapshot file (default batchflow.schema); '-' writes it to standard output.
          --check                Do not write: read the snapshot file, compare it with the database and exit 1 listing
                                 each difference, or 0 when they match. The server version is reported, not compared.
          -h, --help             This help.

        Exit codes: 0 done (or the snapshot matches), 1 --check found differences, 2 usage error,
                    3 the database, a DDL file or the snapshot could not be read, 130 cancelled (Ctrl+C).
        """;
}
