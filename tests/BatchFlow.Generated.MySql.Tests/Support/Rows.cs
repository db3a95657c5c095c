using MySqlConnector;

namespace BatchFlow.MySql.Tests.Support;

/// <summary>
/// A <c>[BatchTable]</c> record seen through what its generated <c>{Type}Flow</c> offers, so that one test body can run
/// over the record types that differ only in their conflict mode (the mode is part of the generated table).
/// </summary>
public interface IStrictRow<TSelf>
    where TSelf : IStrictRow<TSelf>
{
    static abstract TableDescription<TSelf> Table { get; }

    static abstract BatchFlow<TSelf> MySql(MySqlDataSource dataSource, BatchFlowOptions? options = null);

    static abstract TSelf New(long id, string? name, TimeSpan? span);

    long Id { get; }

    string? Name { get; }

    TimeSpan? Span { get; }
}

[BatchTable("strict")]
public partial record StrictNone([BatchKey] long Id, string? Name, TimeSpan? Span) : IStrictRow<StrictNone>
{
    public static TableDescription<StrictNone> Table => StrictNoneFlow.Table;

    public static BatchFlow<StrictNone> MySql(MySqlDataSource dataSource, BatchFlowOptions? options = null) => StrictNoneFlow.MySql(dataSource, options);

    public static StrictNone New(long id, string? name, TimeSpan? span) => new(id, name, span);
}

[BatchTable("strict", Conflict.Ignore)]
public partial record StrictIgnore([BatchKey] long Id, string? Name, TimeSpan? Span) : IStrictRow<StrictIgnore>
{
    public static TableDescription<StrictIgnore> Table => StrictIgnoreFlow.Table;

    public static BatchFlow<StrictIgnore> MySql(MySqlDataSource dataSource, BatchFlowOptions? options = null) => StrictIgnoreFlow.MySql(dataSource, options);

    public static StrictIgnore New(long id, string? name, TimeSpan? span) => new(id, name, span);
}

[BatchTable("strict", Conflict.Update)]
public partial record StrictUpdate([BatchKey] long Id, string? Name, TimeSpan? Span) : IStrictRow<StrictUpdate>
{
    public static TableDescription<StrictUpdate> Table => StrictUpdateFlow.Table;

    public static BatchFlow<StrictUpdate> MySql(MySqlDataSource dataSource, BatchFlowOptions? options = null) => StrictUpdateFlow.MySql(dataSource, options);

    public static StrictUpdate New(long id, string? name, TimeSpan? span) => new(id, name, span);
}

[BatchTable("strict", Conflict.Replace)]
public partial record StrictReplace([BatchKey] long Id, string? Name, TimeSpan? Span) : IStrictRow<StrictReplace>
{
    public static TableDescription<StrictReplace> Table => StrictReplaceFlow.Table;

    public static BatchFlow<StrictReplace> MySql(MySqlDataSource dataSource, BatchFlowOptions? options = null) => StrictReplaceFlow.MySql(dataSource, options);

    public static StrictReplace New(long id, string? name, TimeSpan? span) => new(id, name, span);
}

/// <summary>A parent row replaced while children reference it.</summary>
[BatchTable("parents", Conflict.Replace)]
public partial record ReplaceParent([BatchKey] long Id, string Name);

/// <summary>The plain account of the load and connection-loss tests.</summary>
[BatchTable("accounts")]
public partial record Account([BatchKey] long Id, string Name, int Score);

/// <summary>The same with Conflict.Update.</summary>
[BatchTable("accounts", Conflict.Update)]
public partial record UpsertAccount([BatchKey] long Id, string Name, int Score);

/// <summary>MySQL's other column forms: BINARY(16) GUID, BIT(1) bool, TIME TimeSpan, TIMESTAMP DateTimeOffset, DATETIME(p).</summary>
[BatchTable("forms")]
public partial record Forms([BatchKey] int Id, Guid Uuid, bool Flag, TimeSpan Span, DateTimeOffset At, DateTime Millis, string Text, char Letter, byte[] Bytes);
