using BatchFlow.Snapshots;
using BatchFlow.Tool.Diff;

namespace BatchFlow.Tool.Tests;

/// <summary>The differ on snapshots parsed from text: each kind of change is one line a person can act on.</summary>
public sealed class SnapshotDifferTests
{
    private const string Users = """
        batchflow-schema 1
        provider postgres
        server "15.8"

        table users
          column id type=bigint not-null identity=by-default accepts=Int64
          column name type=text not-null accepts=String
          column email type="character varying(200)" accepts=String
          column created_at type="timestamp with time zone" not-null default="now()" accepts=DateTime,DateTimeOffset
          primary-key users_pkey columns=id
          unique users_email_key columns=email
        """;

    private static SnapshotComparison Compare(string snapshot, string database, params string[] tables) =>
        SnapshotDiffer.Compare(SnapshotText.Parse(snapshot), SnapshotText.Parse(database), tables);

    private static string Edit(string text, string from, string to)
    {
        Assert.Contains(from, text, StringComparison.Ordinal);
        return text.Replace(from, to, StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_snapshots_match_whatever_their_comments_and_blank_lines()
    {
        var database = "# pulled again\n\n" + Users.Replace("\n", "\n\n", StringComparison.Ordinal);

        var comparison = Compare(Users, database);

        Assert.True(comparison.Matches, string.Join("\n", comparison.Differences));
        Assert.Equal(1, comparison.TablesCompared);
        Assert.Empty(comparison.Notes);
    }

    [Fact]
    public void A_new_server_version_is_a_note_not_a_difference()
    {
        var comparison = Compare(Users, Edit(Users, "server \"15.8\"", "server \"15.9\""));

        Assert.True(comparison.Matches);
        Assert.Equal(["the snapshot was pulled from server version 15.8; the database reports 15.9 (not compared)"], comparison.Notes);
    }

    [Fact]
    public void A_column_added_to_the_database_is_named_with_its_type()
    {
        var database = Edit(Users, "  primary-key", "  column nickname type=text accepts=String\n  primary-key");

        var comparison = Compare(Users, database);

        Assert.Equal(["table users: column nickname (text) is in the database but not in the snapshot"], comparison.Differences);
    }

    [Fact]
    public void A_column_dropped_from_the_database_is_named()
    {
        var database = Edit(Users, "  column email type=\"character varying(200)\" accepts=String\n", "");

        var comparison = Compare(Users, database);

        Assert.Equal(["table users: column email (character varying(200)) is in the snapshot but not in the database"], comparison.Differences);
    }

    [Fact]
    public void A_dropped_unique_index_is_named_with_its_columns()
    {
        var database = Edit(Users, "\n  unique users_email_key columns=email", "");

        var comparison = Compare(Users, database);

        Assert.Equal(["table users: unique index users_email_key (email) is in the snapshot but not in the database"], comparison.Differences);
    }

    [Fact]
    public void Type_nullability_default_identity_and_generated_changes_each_say_both_sides()
    {
        var database = Edit(Users, "type=\"character varying(200)\" accepts=String", "type=\"character varying(300)\" not-null accepts=String");
        database = Edit(database, "default=\"now()\"", "default=\"clock_timestamp()\"");
        database = Edit(database, "identity=by-default", "identity=always");
        database = Edit(database, "column name type=text not-null accepts=String", "column name type=text generated");

        var comparison = Compare(Users, database);

        Assert.Equal(
            [
                "table users: column id is an identity column (always) in the database but an identity column (by-default) in the snapshot",
                "table users: column name is nullable in the database but NOT NULL in the snapshot",
                "table users: column name is generated (computed, not written) in the database but not in the snapshot",
                "table users: column name accepts no member type under the provider's type mapping but String in the snapshot",
                "table users: column email has type character varying(300) in the database but character varying(200) in the snapshot",
                "table users: column email is NOT NULL in the database but nullable in the snapshot",
                "table users: column created_at has default clock_timestamp() in the database but default now() in the snapshot",
            ],
            comparison.Differences);
    }

    [Fact]
    public void A_default_that_appears_or_goes_is_said_as_no_default()
    {
        var database = Edit(Users, " default=\"now()\"", "");

        var comparison = Compare(Users, database);

        Assert.Equal(["table users: column created_at has no default in the database but default now() in the snapshot"], comparison.Differences);
    }

    [Fact]
    public void A_changed_type_mapping_shows_as_a_change_of_accepts()
    {
        var database = Edit(Users, "accepts=Int64", "accepts=UInt32,Int64");

        var comparison = Compare(Users, database);

        Assert.Equal(["table users: column id accepts UInt32,Int64 under the provider's type mapping but Int64 in the snapshot"], comparison.Differences);
    }

    [Fact]
    public void Reordered_columns_are_one_difference_that_shows_both_orders()
    {
        var database = Edit(Users,
            "  column name type=text not-null accepts=String\n  column email type=\"character varying(200)\" accepts=String\n",
            "  column email type=\"character varying(200)\" accepts=String\n  column name type=text not-null accepts=String\n");

        var comparison = Compare(Users, database);

        Assert.Equal(["table users: the columns are in the order (id, email, name, created_at) in the database but (id, name, email, created_at) in the snapshot"], comparison.Differences);
    }

    [Fact]
    public void Index_changes_say_what_changed()
    {
        var database = Edit(Users, "unique users_email_key columns=email", "unique users_email_key columns=email,name partial deferrable");
        database = Edit(database, "primary-key users_pkey columns=id", "primary-key users_pkey2 columns=id");

        var comparison = Compare(Users, database);

        Assert.Equal(
            [
                "table users: primary key users_pkey2 (id) is in the database but not in the snapshot",
                "table users: unique index users_email_key is on (email, name) in the database but on (email) in the snapshot",
                "table users: unique index users_email_key is partial (WHERE …) in the database but not partial in the snapshot",
                "table users: unique index users_email_key is deferrable in the database but not deferrable in the snapshot",
                "table users: primary key users_pkey (id) is in the snapshot but not in the database",
            ],
            comparison.Differences);
    }

    [Fact]
    public void Tables_that_appear_or_go_are_named_in_name_order()
    {
        var database = Edit(Users, "table users", "table accounts\n  column id type=bigint\n\ntable users");
        var snapshot = Users + "\n\ntable zebras\n  column id type=bigint\n";

        var comparison = Compare(snapshot, database);

        Assert.Equal(["table accounts is in the database but not in the snapshot", "table zebras is in the snapshot but not in the database"], comparison.Differences);
        Assert.Equal(3, comparison.TablesCompared);
    }

    [Fact]
    public void With_tables_named_only_those_are_compared()
    {
        var snapshot = Users + "\n\ntable zebras\n  column id type=bigint\n";
        var database = Edit(Users, "unique users_email_key columns=email", "");

        Assert.True(Compare(snapshot, Users, "users").Matches);
        Assert.Equal(["table users: unique index users_email_key (email) is in the snapshot but not in the database"], Compare(snapshot, database, "users").Differences);
        Assert.Equal(["table orders (named by --table) is neither in the database nor in the snapshot"], Compare(snapshot, Users, "users", "orders").Differences);
    }

    [Fact]
    public void A_snapshot_from_another_provider_is_one_difference()
    {
        var comparison = Compare(Users, Edit(Users, "provider postgres", "provider mysql"));

        Assert.Equal(["the snapshot was pulled from a postgres database, but this is a mysql database: check it against the database it was pulled from, or pull it again"], comparison.Differences);
    }
}
