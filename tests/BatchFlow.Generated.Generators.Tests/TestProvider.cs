namespace BatchFlow.Generators.Tests;

/// <summary>A provider package a sample compilation can reference (<see cref="GeneratorHarness"/> knows its assemblies).</summary>
public enum TestProvider
{
    Sqlite,
    Postgres,
    MySql,
    Redis,
}

/// <summary>Sets of providers, generated rather than listed, so a new provider is covered by adding it to the enum.</summary>
internal static class ProviderSets
{
    public static IReadOnlyCollection<TestProvider> None { get; } = [];

    public static IReadOnlyCollection<TestProvider> Sqlite { get; } = [TestProvider.Sqlite];

    public static IReadOnlyCollection<TestProvider> Postgres { get; } = [TestProvider.Postgres];

    public static IReadOnlyCollection<TestProvider> Every { get; } = Enum.GetValues<TestProvider>();

    /// <summary>Every subset of the known providers, the empty one included.</summary>
    public static IEnumerable<TestProvider[]> AllCombinations()
    {
        var all = Enum.GetValues<TestProvider>();
        for (var mask = 0; mask < 1 << all.Length; mask++)
        {
            yield return [.. all.Where((_, bit) => (mask & (1 << bit)) != 0)];
        }
    }

    /// <summary>The factory names a provider's package declares (Redis has one per layout).</summary>
    public static IReadOnlyList<string> Factories(TestProvider provider) => provider switch
    {
        TestProvider.Redis => ["RedisHash", "RedisJson", "RedisStream"],
        _ => [provider.ToString()],
    };

    /// <summary>A set as a theory argument shows it: <c>Sqlite+Postgres</c>, or <c>none</c>.</summary>
    public static string Name(IReadOnlyCollection<TestProvider> providers) => providers.Count == 0 ? "none" : string.Join("+", providers);

    /// <summary>The set a name made by <see cref="Name"/> stands for.</summary>
    public static TestProvider[] Parse(string name) => name == "none" ? [] : [.. name.Split('+').Select(Enum.Parse<TestProvider>)];
}
