namespace BatchFlow.Generators.Model;

/// <summary>The providers the compilation can see, each declared by a <c>[assembly: BatchFlowProvider]</c> attribute.</summary>
internal sealed record ProviderEnvironment(EquatableArray<ProviderSpec> Providers)
{
    public static ProviderEnvironment None { get; } = new(EquatableArray<ProviderSpec>.Empty);
}

/// <summary>One declared provider: the factory name, the sink type and the constructors a factory is emitted for.</summary>
/// <param name="FactoryName">The factory method's name, e.g. <c>Sqlite</c>.</param>
/// <param name="DisplayName">The database's name in messages, e.g. <c>PostgreSQL</c>.</param>
/// <param name="SinkTypeName">The sink type without type arguments, <c>global::</c>-qualified.</param>
/// <param name="Destination">Completes "Creates a flow that writes rows …" in the factory's documentation, or null.</param>
/// <param name="MaxIdentifierBytes">The longest name the database keeps, in UTF-8 bytes; 0 for no limit.</param>
/// <param name="Factories">One entry per public constructor that takes the table description.</param>
internal sealed record ProviderSpec(
    string FactoryName,
    string DisplayName,
    string SinkTypeName,
    string? Destination,
    int MaxIdentifierBytes,
    EquatableArray<FactorySpec> Factories);

/// <summary>One sink constructor, as the factory that calls it.</summary>
internal sealed record FactorySpec(EquatableArray<FactoryParameter> Parameters);

/// <summary>
/// One constructor parameter. <paramref name="TypeTemplate"/> is the type as C# code names it, with <c>{0}</c> where
/// the sink's row type parameter appears; the table parameter is passed the generated description instead.
/// </summary>
internal sealed record FactoryParameter(string Name, string TypeTemplate, bool IsTable, string? DefaultValue, string? Documentation);
