using System.Text;

namespace BatchFlow.Conformance;

public abstract partial class SqlConformanceTarget
{
    /// <summary>
    /// <c>CREATE TABLE</c> under a fresh name: each column in <see cref="SqlType"/>, NOT NULL unless nullable, the key
    /// columns as primary key, and with <paramref name="withNote"/> a <c>note</c> column of the string type,
    /// <c>NOT NULL DEFAULT 'fresh'</c>.
    /// </summary>
    public sealed override async Task<TableDescription<T>> CreateTableAsync<T>(TableDescription<T> description, bool withNote = false)
    {
        ArgumentNullException.ThrowIfNull(description);
        var name = $"{description.Name}_{Guid.NewGuid():N}"[..(description.Name.Length + 9)];
        var sql = new StringBuilder($"CREATE TABLE {Quote(name)} (");
        foreach (var column in description.Columns)
        {
            sql.Append(Quote(column.Name)).Append(' ').Append(SqlType(column.Type)).Append(column.IsNullable ? " NULL, " : " NOT NULL, ");
        }

        if (withNote)
        {
            sql.Append($"{Quote(NoteColumn)} {SqlType(ColumnType.String)} NOT NULL DEFAULT '{FreshNote}', ");
        }

        if (description.KeyColumns.Count > 0)
        {
            sql.Append("PRIMARY KEY (").AppendJoin(", ", description.KeyColumns.Select(c => Quote(c.Name))).Append(')');
        }
        else
        {
            sql.Length -= 2;
        }

        sql.Append(')');
        await ExecuteAsync(sql.ToString()).ConfigureAwait(false);
        _tables.Add(name);
        return new TableDescription<T>(name, description.Conflict, description.Columns, description.KeyComparer, description.Writer);
    }

    /// <summary>One <c>UPDATE</c> of every row.</summary>
    public sealed override Task MarkNotesEditedAsync(TableShape table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return ExecuteAsync($"UPDATE {Quote(table.Name)} SET {Quote(NoteColumn)} = '{EditedNote}'");
    }
}
