namespace BatchFlow.Generators.Tests;

public sealed class SnapshotTests
{
    [Fact]
    public void User_record_with_sqlite_referenced_gets_a_sqlite_factory_and_the_neutral_writer()
        => Snapshot.Match(GeneratorHarness.Run(Samples.User).SingleSource(), "User");

    [Fact]
    public void Every_supported_type_maps_to_its_column_type_and_column_writer_call()
        => Snapshot.Match(GeneratorHarness.Run(Samples.AllTypes).SingleSource(), "AllTypes");

    [Fact]
    public void Record_struct_with_composite_key_update_rename_and_ignore()
        => Snapshot.Match(GeneratorHarness.Run(Samples.Reading).SingleSource(), "Reading");

    [Fact]
    public void User_record_with_postgres_referenced_gets_a_postgres_factory_and_the_same_writer()
        => Snapshot.Match(GeneratorHarness.Run(Samples.User, ProviderSets.Postgres).SingleSource(), "User.Postgres");

    [Fact]
    public void Record_struct_with_every_provider_referenced_gets_every_factory_and_one_writer()
        => Snapshot.Match(GeneratorHarness.Run(Samples.Reading, ProviderSets.Every).SingleSource(), "Reading.EveryProvider");

    [Fact]
    public void Without_a_provider_referenced_no_factory_but_Create_is_emitted()
    {
        var source = GeneratorHarness.Run(Samples.User, ProviderSets.None).SingleSource();

        Assert.DoesNotContain("Sqlite", source, StringComparison.Ordinal);
        Snapshot.Match(source, "User.NoProvider");
    }

    [Fact]
    public void Hint_name_is_namespace_type_and_suffix()
    {
        var run = GeneratorHarness.Run(Samples.User);

        Assert.Equal("MyApp.User.BatchFlow.g.cs", Assert.Single(run.Sources).HintName);
    }

    [Fact]
    public void Type_in_the_global_namespace_gets_a_flow_without_namespace()
    {
        var run = GeneratorHarness.Run(
            """
            #pragma warning disable CS1591
            using BatchFlow;

            [BatchTable("plain")]
            public partial record Plain(int Id);
            """,
            ProviderSets.None);

        var generated = Assert.Single(run.Sources);
        Assert.Equal("Plain.BatchFlow.g.cs", generated.HintName);
        Assert.DoesNotContain("namespace", generated.SourceText.ToString(), StringComparison.Ordinal);
        Assert.Empty(run.CompilationProblems());
    }
}
