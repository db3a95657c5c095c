namespace BatchFlow.Tests.Support;

public sealed record Item(long Id, string Name);

public static class Items
{
    /// <summary>A table description like the generator's, with a unique name so metric listeners can tell tests apart.</summary>
    public static TableDescription<Item> Table(Conflict conflict = Conflict.None, string? name = null) => new(
        name ?? "items_" + Guid.NewGuid().ToString("N")[..8],
        conflict,
        [
            new ColumnDescription("id", nameof(Item.Id), ColumnType.Int64, isNullable: false, isKey: true),
            new ColumnDescription("name", nameof(Item.Name), ColumnType.String, isNullable: false, isKey: false),
        ],
        new KeyComparer(),
        Writer.Instance,
        Reader.Instance);

    public static IEnumerable<Item> Range(int start, int count) =>
        Enumerable.Range(start, count).Select(i => new Item(i, "item " + i));

    /// <summary>Writes an item's two columns, as a generated writer would.</summary>
    public sealed class Writer : IRowWriter<Item>
    {
        public static Writer Instance { get; } = new();

        public void Write<TWriter>(in Item row, ref TWriter writer)
            where TWriter : struct, IColumnWriter
        {
            writer.WriteInt64(row.Id);
            writer.WriteString(row.Name);
        }
    }

    /// <summary>Rebuilds an item from its two columns, as a generated reader would.</summary>
    public sealed class Reader : IRowReader<Item>
    {
        public static Reader Instance { get; } = new();

        public Item Read<TReader>(ref TReader reader)
            where TReader : struct, IColumnReader =>
            new(reader.ReadInt64(), reader.ReadNull() ? null! : reader.ReadString());
    }

    private sealed class KeyComparer : IEqualityComparer<Item>
    {
        public bool Equals(Item? x, Item? y) => x?.Id == y?.Id;

        public int GetHashCode(Item obj) => obj.Id.GetHashCode();
    }
}
