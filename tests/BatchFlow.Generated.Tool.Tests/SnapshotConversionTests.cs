using BatchFlow.Snapshots;
using BatchFlow.Tool.Snapshot;

namespace BatchFlow.Tool.Tests;

/// <summary>What the providers read becomes the format's stable order: tables by name, the primary key first, accepts in enum order.</summary>
public sealed class SnapshotConversionTests
{
    [Fact]
    public void Tables_are_sorted_by_name_columns_keep_their_order_and_the_primary_key_comes_first()
    {
        var snapshot = new SchemaSnapshot("postgres", "15.8",
        [
            new SchemaTable("users",
                [
                    new SchemaColumn("id", "bigint", false, null, false, SchemaIdentity.Always, [ColumnType.UInt32, ColumnType.Int64, ColumnType.Int64]),
                    new SchemaColumn("b", "text", true, "'x'::text", false, SchemaIdentity.None, [ColumnType.String]),
                    new SchemaColumn("a", "tsvector", true, null, true, SchemaIdentity.ByDefault, []),
                ],
                [
                    new SchemaIndex("users_z", ["b"], false, IsPartial: true),
                    new SchemaIndex("users_a", ["a", "b"], false, IsDeferrable: true),
                    new SchemaIndex("users_pkey", ["id"], true),
                ]),
            new SchemaTable("Accounts", [new SchemaColumn("id", "integer", false, null, false, SchemaIdentity.None, [ColumnType.Int32])], []),
            new SchemaTable("accounts", [new SchemaColumn("id", "integer", false, null, false, SchemaIdentity.None, [ColumnType.Int32])], []),
        ]);

        var text = SnapshotText.Write(SnapshotConversion.ToDocument(snapshot));

        var body = string.Join("\n", text.Split('\n').Where(l => !l.StartsWith('#')));
        Assert.Equal("""
            batchflow-schema 1
            provider postgres
            server 15.8

            table Accounts
              column id type=integer not-null accepts=Int32

            table accounts
              column id type=integer not-null accepts=Int32

            table users
              column id type=bigint not-null identity=always accepts=UInt32,Int64
              column b type=text default="'x'::text" accepts=String
              column a type=tsvector generated identity=by-default
              primary-key users_pkey columns=id
              unique users_a columns=a,b deferrable
              unique users_z columns=b partial

            """, body);
    }
}
