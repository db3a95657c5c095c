using System.Globalization;

namespace BatchFlow.MySql;

/// <summary>What the sink learned about the server on its first write: product, version and the settings its paths depend on.</summary>
/// <param name="IsMariaDb">Whether the server is MariaDB (its version string says so).</param>
/// <param name="Version">The server version (MariaDB's, without the <c>5.5.5-</c> prefix of old replication handshakes).</param>
/// <param name="MaxAllowedPacket">The server's <c>max_allowed_packet</c>, in bytes.</param>
/// <param name="LocalInfile">Whether the server's <c>local_infile</c> is on.</param>
internal sealed record MySqlServer(bool IsMariaDb, Version Version, long MaxAllowedPacket, bool LocalInfile)
{
    private static readonly Version s_rowAlias = new(8, 0, 19);

    /// <summary>
    /// Whether upserts name the new row through a row alias (<c>VALUES (…) AS new ON DUPLICATE KEY UPDATE c = new.c</c>):
    /// MySQL 8.0.19 and later, which deprecate <c>VALUES(c)</c> there (warning 1287). MariaDB has no row alias
    /// (MDEV-29919) and keeps <c>VALUES(c)</c>.
    /// </summary>
    public bool UsesRowAlias => !IsMariaDb && Version >= s_rowAlias;

    /// <summary>The OpenTelemetry <c>db.system.name</c> of the server: <c>mariadb</c> or <c>mysql</c>.</summary>
    public string SystemName => IsMariaDb ? "mariadb" : "mysql";

    /// <summary>Parses <c>SELECT VERSION()</c>'s answer, e.g. <c>8.0.36</c> or <c>10.11.6-MariaDB-0+deb12u1</c>.</summary>
    public static (bool IsMariaDb, Version Version) ParseVersion(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var isMariaDb = version.Contains("MariaDB", StringComparison.OrdinalIgnoreCase);
        var text = isMariaDb && version.StartsWith("5.5.5-", StringComparison.Ordinal) ? version[6..] : version;
        var parts = new int[3];
        var part = 0;
        foreach (var c in text)
        {
            if (c == '.' && part < 2)
            {
                part++;
            }
            else if (char.IsAsciiDigit(c))
            {
                parts[part] = checked((parts[part] * 10) + (c - '0'));
            }
            else
            {
                break;
            }
        }

        return (isMariaDb, new Version(parts[0], parts[1], parts[2]));
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{(IsMariaDb ? "MariaDB" : "MySQL")} {Version}, max_allowed_packet {MaxAllowedPacket}, local_infile {(LocalInfile ? "ON" : "OFF")}");
}
