using System.Globalization;

namespace BatchFlow.ShutdownHost;

/// <summary>How the flows are put into the container.</summary>
public enum Registration
{
    /// <summary><c>services.AddSingleton(UserFlow.Sqlite(...))</c>: the container never disposes it; only the core's process-exit safety net completes it.</summary>
    Instance,

    /// <summary><c>services.AddSingleton(sp => UserFlow.Sqlite(...))</c>: the container disposes it when the host is disposed, with no deadline.</summary>
    Factory,

    /// <summary>The hosting package: <c>AddBatchFlow</c>, whose lifetime completes it when the host stops, within <c>HostOptions.ShutdownTimeout</c>.</summary>
    Hosting,
}

/// <summary>The database the host writes to.</summary>
public enum Database
{
    /// <summary>A SQLite file.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server.</summary>
    Postgres,
}

/// <summary>The host's command line (see <see cref="Usage"/>).</summary>
public sealed record HostSettings
{
    public const string Usage = """
        BatchFlow.Generated.ShutdownHost: writes rows as fast as it can until it is stopped (SIGTERM, Ctrl+C).
          --db sqlite|postgres                 the database (default sqlite)
          --connection <path|string>           SQLite file path or connection string; Npgsql connection string (required)
          --table <name>                       table of the main flow (default shutdown_users)
          --registration instance|factory|hosting
                                               instance: AddSingleton(UserFlow.X(...)), no hosting package;
                                               factory: AddSingleton(sp => UserFlow.X(...)), no hosting package;
                                               hosting: AddBatchFlow, which adds the hosting package's lifetime
                                               (default factory)
          --lifetime                           instance and factory: also AddBatchFlowLifetime(), the hosting
                                               package's lifetime alone, which completes flows however registered
          --shutdown-timeout <seconds>         HostOptions.ShutdownTimeout, also each flow's ProcessExitTimeout (default 30)
          --dead-letters <dir>                 BatchFlowOptions.DeadLetterDirectory
          --second-flow-fails                  a second flow whose rows all fail (NOT NULL), with no failure handler
          --capacity <rows>                    BatchFlowOptions.Capacity of the main flow (default 1,000,000)
          --flush-size <rows>                  BatchFlowOptions.FlushSize of the main flow (default 1,000,000)
        Prints "ready", "accepted N written W" every 50,000 rows, "failed table=.. rows=.." per failure handed to OnFailure,
        "producer-stopped table=.. accepted=N" when the producer stops and "status table=.. accepted=.. written=.. ..."
        per flow once the host has stopped.
        """;

    public Database Database { get; init; } = Database.Sqlite;

    public string Connection { get; init; } = "";

    public string Table { get; init; } = ShutdownSchema.UsersTable;

    public Registration Registration { get; init; } = Registration.Factory;

    /// <summary>Null: the host's default (<c>HostOptions.ShutdownTimeout</c>, 30 s).</summary>
    public TimeSpan? ShutdownTimeout { get; init; }

    public string? DeadLetters { get; init; }

    public bool SecondFlowFails { get; init; }

    /// <summary>Whether the hosting package's lifetime is added to an instance or factory registration (hosting has it anyway).</summary>
    public bool Lifetime { get; init; }

    public int Capacity { get; init; } = 1_000_000;

    public int FlushSize { get; init; } = 1_000_000;

    /// <summary>What the flows use as <see cref="BatchFlowOptions.ProcessExitTimeout"/>: at least the shutdown timeout.</summary>
    public TimeSpan ProcessExitTimeout => ShutdownTimeout ?? TimeSpan.FromSeconds(30);

    /// <exception cref="ArgumentException">An unknown switch or a bad value.</exception>
    public static HostSettings Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = new HostSettings();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            settings = args[i] switch
            {
                "--db" => settings with { Database = Enum.Parse<Database>(Value(), ignoreCase: true) },
                "--connection" => settings with { Connection = Value() },
                "--table" => settings with { Table = Value() },
                "--registration" => settings with { Registration = Enum.Parse<Registration>(Value(), ignoreCase: true) },
                "--shutdown-timeout" => settings with { ShutdownTimeout = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--dead-letters" => settings with { DeadLetters = Value() },
                "--second-flow-fails" => settings with { SecondFlowFails = true },
                "--lifetime" => settings with { Lifetime = true },
                "--capacity" => settings with { Capacity = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--flush-size" => settings with { FlushSize = int.Parse(Value(), CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown switch '{args[i]}'."),
            };
        }

        if (settings.Connection.Length == 0)
        {
            throw new ArgumentException("--connection is required.");
        }

        return settings;
    }
}
