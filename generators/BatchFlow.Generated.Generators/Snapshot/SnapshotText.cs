// The schema snapshot's text format, in one file that two assemblies compile: the generator (which reads snapshots,
// netstandard2.0, nothing loaded beyond what the compiler provides) and the tool (which writes and compares them).
// Format reference: docs/schema-snapshot.md.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace BatchFlow.Snapshots;

/// <summary>A parsed schema snapshot: the provider and server it came from and its tables, in file order.</summary>
internal sealed class SnapshotDocument
{
    public SnapshotDocument(string provider, string server, List<SnapshotTable> tables)
    {
        Provider = provider;
        Server = server;
        Tables = tables;
    }

    public string Provider { get; }

    public string Server { get; }

    public List<SnapshotTable> Tables { get; }
}

/// <summary>One table of a snapshot.</summary>
internal sealed class SnapshotTable
{
    public SnapshotTable(string name, List<SnapshotColumn> columns, List<SnapshotIndex> indexes, int line = 0)
    {
        Name = name;
        Columns = columns;
        Indexes = indexes;
        Line = line;
    }

    public string Name { get; }

    public List<SnapshotColumn> Columns { get; }

    public List<SnapshotIndex> Indexes { get; }

    /// <summary>The 1-based line of its <c>table</c> line when parsed; 0 when built in code.</summary>
    public int Line { get; }
}

/// <summary>One column of a snapshot table.</summary>
internal sealed class SnapshotColumn
{
    public SnapshotColumn(string name, string type, bool notNull, string? @default, bool generated, string? identity, List<string> accepts)
    {
        Name = name;
        Type = type;
        NotNull = notNull;
        Default = @default;
        Generated = generated;
        Identity = identity;
        Accepts = accepts;
    }

    public string Name { get; }

    /// <summary>The type as the database writes it.</summary>
    public string Type { get; }

    public bool NotNull { get; }

    /// <summary>The default expression, or null for none.</summary>
    public string? Default { get; }

    public bool Generated { get; }

    /// <summary><c>always</c>, <c>by-default</c>, or null for no identity.</summary>
    public string? Identity { get; }

    /// <summary>The member types (<c>ColumnType</c> names) the provider writes into the column exactly.</summary>
    public List<string> Accepts { get; }

    /// <summary>Whether an insert that does not write the column still gives it a value.</summary>
    public bool HasValueWhenUnwritten => !NotNull || Default is not null || Generated || Identity is not null;
}

/// <summary>The primary key or one unique index of a snapshot table.</summary>
internal sealed class SnapshotIndex
{
    public SnapshotIndex(string name, List<string> columns, bool primaryKey, bool partial, bool deferrable)
    {
        Name = name;
        Columns = columns;
        PrimaryKey = primaryKey;
        Partial = partial;
        Deferrable = deferrable;
    }

    public string Name { get; }

    public List<string> Columns { get; }

    public bool PrimaryKey { get; }

    public bool Partial { get; }

    public bool Deferrable { get; }
}

/// <summary>A snapshot file that does not follow the format, with the line at fault.</summary>
internal sealed class SnapshotFormatException : Exception
{
    public SnapshotFormatException(int line, string message)
        : base(string.Format(CultureInfo.InvariantCulture, "line {0}: {1}", line, message))
    {
        Line = line;
        Problem = message;
    }

    public int Line { get; }

    public string Problem { get; }
}

/// <summary>Reads and writes the snapshot format (docs/schema-snapshot.md).</summary>
internal static class SnapshotText
{
    /// <summary>The format version this code reads and writes (the <c>batchflow-schema</c> line).</summary>
    public const int Version = 1;

    /// <summary>The default file name, and the ending of any other: <c>batchflow.schema</c>, <c>orders.batchflow.schema</c>.</summary>
    public const string FileName = "batchflow.schema";

    private static readonly char[] s_separators = { '/', '\\' };

    /// <summary>Whether the file at <paramref name="path"/> is a snapshot by its name.</summary>
    public static bool IsSnapshotPath(string path)
    {
        var name = FileNameOf(path);
        return string.Equals(name, FileName, StringComparison.OrdinalIgnoreCase)
            || name.EndsWith("." + FileName, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The file name of <paramref name="path"/>, split at either separator whatever the OS the compiler runs on (a path from a Windows build server, say).</summary>
    public static string FileNameOf(string path) => path.Substring(path.LastIndexOfAny(s_separators) + 1);

    /// <summary>Writes <paramref name="document"/> in the format: a header, then each table as given (callers sort them).</summary>
    public static string Write(SnapshotDocument document)
    {
        var text = new StringBuilder();
        text.Append("# BatchFlow schema snapshot: written by `batchflow schema pull`, checked by `batchflow schema pull --check`.\n");
        text.Append("# The generator checks [BatchTable] records against it; pull again after a migration. Format: docs/schema-snapshot.md.\n");
        text.Append("batchflow-schema ").Append(Version.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("provider ").Append(Quoted(document.Provider)).Append('\n');
        text.Append("server ").Append(Quoted(document.Server)).Append('\n');
        foreach (var table in document.Tables)
        {
            text.Append('\n').Append("table ").Append(Quoted(table.Name)).Append('\n');
            foreach (var column in table.Columns)
            {
                text.Append("  column ").Append(Quoted(column.Name)).Append(" type=").Append(Quoted(column.Type));
                if (column.NotNull)
                {
                    text.Append(" not-null");
                }

                if (column.Default is not null)
                {
                    text.Append(" default=").Append(Quoted(column.Default));
                }

                if (column.Generated)
                {
                    text.Append(" generated");
                }

                if (column.Identity is not null)
                {
                    text.Append(" identity=").Append(Quoted(column.Identity));
                }

                if (column.Accepts.Count > 0)
                {
                    text.Append(" accepts=").Append(List(column.Accepts));
                }

                text.Append('\n');
            }

            foreach (var index in table.Indexes)
            {
                text.Append(index.PrimaryKey ? "  primary-key " : "  unique ").Append(Quoted(index.Name)).Append(" columns=").Append(List(index.Columns));
                if (index.Partial)
                {
                    text.Append(" partial");
                }

                if (index.Deferrable)
                {
                    text.Append(" deferrable");
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Parses a snapshot.</summary>
    /// <exception cref="SnapshotFormatException">The text does not follow the format (the message names the line).</exception>
    public static SnapshotDocument Parse(string text)
    {
        string? provider = null;
        string? server = null;
        var sawVersion = false;
        var tables = new List<SnapshotTable>();
        SnapshotTable? table = null;
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var number = n + 1;
            var line = lines[n].TrimEnd('\r');
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            var tokens = Tokenize(line, number);
            var keyword = tokens[0].Word;
            if (!sawVersion)
            {
                if (keyword != "batchflow-schema" || tokens.Count != 2)
                {
                    throw new SnapshotFormatException(number, "a snapshot starts with 'batchflow-schema 1'");
                }

                if (tokens[1].Word != Version.ToString(CultureInfo.InvariantCulture))
                {
                    throw new SnapshotFormatException(number, string.Format(CultureInfo.InvariantCulture,
                        "format version {0} is not one this version of BatchFlow.Generated reads (it reads {1}); pull the snapshot again", tokens[1].Word, Version));
                }

                sawVersion = true;
                continue;
            }

            switch (keyword)
            {
                case "provider" when table is null && tokens.Count == 2:
                    provider = tokens[1].Word;
                    break;
                case "server" when table is null && tokens.Count == 2:
                    server = tokens[1].Word;
                    break;
                case "table" when tokens.Count == 2:
                    table = new SnapshotTable(tokens[1].Word, new List<SnapshotColumn>(), new List<SnapshotIndex>(), number);
                    tables.Add(table);
                    break;
                case "column" when table is not null && tokens.Count >= 2:
                    table.Columns.Add(ParseColumn(tokens, number));
                    break;
                case "primary-key" or "unique" when table is not null && tokens.Count >= 2:
                    table.Indexes.Add(ParseIndex(tokens, keyword == "primary-key", number));
                    break;
                case "column" or "primary-key" or "unique" when table is null:
                    throw new SnapshotFormatException(number, string.Format(CultureInfo.InvariantCulture, "'{0}' before the first 'table' line", keyword));
                default:
                    throw new SnapshotFormatException(number, string.Format(CultureInfo.InvariantCulture, "'{0}' is not a line this format knows, or has the wrong number of words", keyword));
            }
        }

        if (!sawVersion)
        {
            throw new SnapshotFormatException(1, "the file is empty: a snapshot starts with 'batchflow-schema 1'");
        }

        if (provider is null)
        {
            throw new SnapshotFormatException(1, "no 'provider' line");
        }

        return new SnapshotDocument(provider, server ?? "", tables);
    }

    private static SnapshotColumn ParseColumn(List<Token> tokens, int line)
    {
        string? type = null;
        string? @default = null;
        string? identity = null;
        bool notNull = false, generated = false;
        var accepts = new List<string>();
        for (var i = 2; i < tokens.Count; i++)
        {
            var token = tokens[i];
            switch (token.Word)
            {
                case "type" when token.Values is { Count: 1 }:
                    type = token.Values[0];
                    break;
                case "not-null" when token.Values is null:
                    notNull = true;
                    break;
                case "default" when token.Values is { Count: 1 }:
                    @default = token.Values[0];
                    break;
                case "generated" when token.Values is null:
                    generated = true;
                    break;
                case "identity" when token.Values is { Count: 1 } && (token.Values[0] == "always" || token.Values[0] == "by-default"):
                    identity = token.Values[0];
                    break;
                case "accepts" when token.Values is not null:
                    accepts.AddRange(token.Values);
                    break;
                default:
                    throw new SnapshotFormatException(line, string.Format(CultureInfo.InvariantCulture, "'{0}' is not a column attribute this format knows", token.Word));
            }
        }

        if (type is null)
        {
            throw new SnapshotFormatException(line, string.Format(CultureInfo.InvariantCulture, "column '{0}' has no type=", tokens[1].Word));
        }

        return new SnapshotColumn(tokens[1].Word, type, notNull, @default, generated, identity, accepts);
    }

    private static SnapshotIndex ParseIndex(List<Token> tokens, bool primaryKey, int line)
    {
        List<string>? columns = null;
        bool partial = false, deferrable = false;
        for (var i = 2; i < tokens.Count; i++)
        {
            var token = tokens[i];
            switch (token.Word)
            {
                case "columns" when token.Values is { Count: > 0 }:
                    columns = token.Values;
                    break;
                case "partial" when token.Values is null:
                    partial = true;
                    break;
                case "deferrable" when token.Values is null:
                    deferrable = true;
                    break;
                default:
                    throw new SnapshotFormatException(line, string.Format(CultureInfo.InvariantCulture, "'{0}' is not an index attribute this format knows", token.Word));
            }
        }

        if (columns is null)
        {
            throw new SnapshotFormatException(line, string.Format(CultureInfo.InvariantCulture, "index '{0}' has no columns=", tokens[1].Word));
        }

        return new SnapshotIndex(tokens[1].Word, columns, primaryKey, partial, deferrable);
    }

    /// <summary>A word, or an attribute <c>word=value[,value…]</c> (then <see cref="Values"/> is not null).</summary>
    private readonly struct Token
    {
        public Token(string word, List<string>? values)
        {
            Word = word;
            Values = values;
        }

        public string Word { get; }

        public List<string>? Values { get; }
    }

    private static List<Token> Tokenize(string line, int number)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < line.Length && line[i] == ' ')
            {
                i++;
            }

            if (i >= line.Length)
            {
                return tokens;
            }

            // The first two words of a line (its keyword and a name) are plain values; after them, attributes.
            var word = ReadValue(line, ref i, number);
            List<string>? values = null;
            if (tokens.Count >= 2 && i < line.Length && line[i] == '=')
            {
                i++;
                values = new List<string> { ReadValue(line, ref i, number) };
                while (i < line.Length && line[i] == ',')
                {
                    i++;
                    values.Add(ReadValue(line, ref i, number));
                }
            }

            if (i < line.Length && line[i] != ' ')
            {
                throw new SnapshotFormatException(number, string.Format(CultureInfo.InvariantCulture, "unexpected '{0}' at column {1}", line[i], i + 1));
            }

            tokens.Add(new Token(word, values));
        }
    }

    private static string ReadValue(string line, ref int i, int number)
    {
        if (i < line.Length && line[i] == '"')
        {
            var value = new StringBuilder();
            i++;
            while (true)
            {
                if (i >= line.Length)
                {
                    throw new SnapshotFormatException(number, "a quoted value is not closed");
                }

                var c = line[i++];
                if (c == '"')
                {
                    return value.ToString();
                }

                if (c != '\\')
                {
                    value.Append(c);
                    continue;
                }

                if (i >= line.Length)
                {
                    throw new SnapshotFormatException(number, "a quoted value ends in '\\'");
                }

                var escaped = line[i++];
                switch (escaped)
                {
                    case '"' or '\\':
                        value.Append(escaped);
                        break;
                    case 'n':
                        value.Append('\n');
                        break;
                    case 'r':
                        value.Append('\r');
                        break;
                    case 't':
                        value.Append('\t');
                        break;
                    case 'u' when i + 4 <= line.Length && int.TryParse(line.Substring(i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                        value.Append((char)code);
                        i += 4;
                        break;
                    default:
                        throw new SnapshotFormatException(number, string.Format(CultureInfo.InvariantCulture, "'\\{0}' is not an escape this format knows", escaped));
                }
            }
        }

        var start = i;
        while (i < line.Length && IsBare(line[i]))
        {
            i++;
        }

        if (i == start)
        {
            throw new SnapshotFormatException(number, string.Format(CultureInfo.InvariantCulture, "a value was expected at column {0}", i + 1));
        }

        return line.Substring(start, i - start);
    }

    private static bool IsBare(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-' or '.' or '$';

    private static string List(List<string> values)
    {
        var text = new StringBuilder();
        for (var i = 0; i < values.Count; i++)
        {
            text.Append(i == 0 ? "" : ",").Append(Quoted(values[i]));
        }

        return text.ToString();
    }

    /// <summary>A value as the format writes it: bare when it is made of letters, digits and <c>_ - . $</c>, quoted otherwise.</summary>
    private static string Quoted(string value)
    {
        var bare = value.Length > 0;
        foreach (var c in value)
        {
            bare &= IsBare(c);
        }

        if (bare)
        {
            return value;
        }

        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                case < ' ':
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        return text.Append('"').ToString();
    }
}
