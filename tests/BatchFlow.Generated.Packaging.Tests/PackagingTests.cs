using Xunit.Abstractions;

// Both scripts build projects of this repository (the src/ packages above all): never at the same time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace BatchFlow.Packaging.Tests;

public sealed class PackagingTests(ITestOutputHelper output)
{
    /// <summary>
    /// eng/pack-check.sh: every src/ package packs without a warning and carries its README, repository, tags and
    /// symbols; providers depend on the core with no asset excluded; a console app that references only
    /// BatchFlow.Generated.Sqlite, restored from a local feed, gets the generator and writes rows.
    /// </summary>
    [Fact]
    public Task Packages_pack_without_warnings_and_work_from_a_local_feed()
        => ScriptRunner.AssertSucceedsAsync("eng/pack-check.sh", output);

    /// <summary>
    /// eng/aot-check.sh: the NativeAOT publish of tests/AotSmoke (every runtime package) reports no IL2xxx/IL3xxx
    /// warning, and the native binary writes and reads back rows through SQLite (and PostgreSQL when
    /// BATCHFLOW_POSTGRES is set, as under eng/test.sh).
    /// </summary>
    [Fact]
    public Task NativeAot_publish_has_no_trim_or_aot_warnings_and_the_binary_runs()
        => ScriptRunner.AssertSucceedsAsync("eng/aot-check.sh", output);
}
