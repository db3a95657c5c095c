namespace BatchFlow.Sinks;

/// <summary>
/// Declares a sink type from which the generator emits a factory on every generated flow: a provider package, ours
/// or a third party's, carries one of these per factory name, and a project that references the package gets
/// <c>{Type}Flow.{FactoryName}(…)</c> on every <c>[BatchTable]</c> type. The attribute may also sit in the project
/// itself, for a sink written there.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="SinkType"/> is an open generic type with one type parameter, the row type, that implements
/// <see cref="IBatchSink{T}"/>. For each of its public constructors that takes exactly one
/// <see cref="TableDescription{T}"/> parameter, the generator emits one factory whose parameters are the
/// constructor's others, in order, with their defaults, followed by <c>BatchFlowOptions? options = null</c>; the
/// generated table description is passed for the table parameter. Example:
/// <c>[assembly: BatchFlowProvider("Csv", typeof(CsvSink&lt;&gt;))]</c> with a constructor
/// <c>CsvSink(string path, TableDescription&lt;T&gt; table)</c> gives <c>UserFlow.Csv(string path, BatchFlowOptions? options = null)</c>.
/// </para>
/// <para>docs/providers.md describes the whole seam.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class BatchFlowProviderAttribute : Attribute
{
    /// <summary>Declares a provider.</summary>
    /// <param name="factoryName">The name of the generated factory method, a C# identifier such as <c>Sqlite</c>.</param>
    /// <param name="sinkType">The open generic sink type, such as <c>typeof(SqliteBatchSink&lt;&gt;)</c>.</param>
    public BatchFlowProviderAttribute(string factoryName, Type sinkType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(factoryName);
        ArgumentNullException.ThrowIfNull(sinkType);
        FactoryName = factoryName;
        SinkType = sinkType;
    }

    /// <summary>The name of the generated factory method.</summary>
    public string FactoryName { get; }

    /// <summary>The open generic sink type the factory constructs.</summary>
    public Type SinkType { get; }

    /// <summary>
    /// What the factory writes into, completing "Creates a flow that writes rows …" in the factory's documentation
    /// (for example <c>into a SQLite database</c>). Null for a plain sentence naming the sink type.
    /// </summary>
    public string? Destination { get; set; }

    /// <summary>
    /// The longest table or column name the database keeps, in UTF-8 bytes; 0 for no limit. When set, the generator
    /// reports a longer name as an error in projects that reference this provider (PostgreSQL cuts names after 63
    /// bytes without a word).
    /// </summary>
    public int MaxIdentifierBytes { get; set; }

    /// <summary>The database's name as messages show it (for example <c>PostgreSQL</c>); null for <see cref="FactoryName"/>.</summary>
    public string? DisplayName { get; set; }
}
