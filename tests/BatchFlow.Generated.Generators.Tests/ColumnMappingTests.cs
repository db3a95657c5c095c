namespace BatchFlow.Generators.Tests;

public sealed class ColumnMappingTests
{
    [Fact]
    public void Default_column_names_are_snake_case_of_member_names()
    {
        var table = GeneratedAssembly.Compile("""
            using BatchFlow;

            namespace Names;

            [BatchTable("names")]
            public partial record Row(long Id, System.DateTime CreatedAt, int UserID, int HTTPCode, string Sha256Hash, int IOStream, int already_snake, int X);
            """).Table("Names.Row");

        Assert.Equal(
            ["id", "created_at", "user_id", "http_code", "sha256_hash", "io_stream", "already_snake", "x"],
            table.ColumnNames);
        Assert.Equal(["Id", "CreatedAt", "UserID", "HTTPCode", "Sha256Hash", "IOStream", "already_snake", "X"], table.Columns.Select(c => c.MemberName));
    }

    [Fact]
    public void Inherited_members_are_columns_too_base_first_with_their_attributes()
    {
        var table = GeneratedAssembly.Compile("""
            using BatchFlow;

            namespace Inherits;

            public abstract record Entity([property: BatchColumn("entity_id")] long Id)
            {
                public System.DateTime CreatedAt { get; init; }
                [BatchIgnore] public string Cache { get; init; } = "";
            }

            public record Person([BatchKey] long Id, string Name) : Entity(Id);

            [BatchTable("staff", Conflict.Update)]
            public partial record Staff(long Id, string Name, string Role) : Person(Id, Name)
            {
                public int Level { get; init; }
            }
            """).Table("Inherits.Staff");

        Assert.Equal(["entity_id", "created_at", "name", "role", "level"], table.ColumnNames);
        Assert.Equal(["Id", "CreatedAt", "Name", "Role", "Level"], table.Columns.Select(c => c.MemberName));
        Assert.Equal(["entity_id"], table.Columns.Where(c => c.IsKey).Select(c => c.Name));
    }

    [Fact]
    public void A_member_redeclared_in_the_derived_type_is_one_column_read_from_the_derived_member()
    {
        var table = GeneratedAssembly.Compile("""
            using BatchFlow;

            namespace Hides;

            public class Base
            {
                public long Id { get; set; }
                public virtual string Name { get; set; } = "";
            }

            [BatchTable("hidden")]
            public partial class Row : Base
            {
                [BatchColumn("display_name")] public override string Name { get; set; } = "";
                public int Extra { get; set; }
            }
            """).Table("Hides.Row");

        Assert.Equal(["id", "display_name", "extra"], table.ColumnNames);
        Assert.Equal(["Id", "Name", "Extra"], table.Columns.Select(c => c.MemberName));
    }

    [Fact]
    public void BatchColumn_gives_a_member_its_own_column_name()
    {
        var table = GeneratedAssembly.Compile("""
            using BatchFlow;

            namespace Renames;

            [BatchTable("renamed")]
            public partial class Row
            {
                [BatchColumn("UserName")] public string Name { get; set; } = "";
                [BatchColumn("e-mail address")] public string? Email;
                public int Age { get; set; }
            }
            """).Table("Renames.Row");

        Assert.Equal(["UserName", "e-mail address", "age"], table.ColumnNames);
        Assert.Equal(["Name", "Email", "Age"], table.Columns.Select(c => c.MemberName));
    }

    [Fact]
    public void BatchIgnore_leaves_a_member_out_even_when_its_type_is_not_supported()
    {
        var table = GeneratedAssembly.Compile("""
            using System.Collections.Generic;
            using BatchFlow;

            namespace Ignores;

            [BatchTable("ignored")]
            public partial class Row
            {
                public int Id { get; set; }
                [BatchIgnore] public string Secret { get; set; } = "";
                [BatchIgnore] public List<int> Cache { get; set; } = new();
            }
            """).Table("Ignores.Row");

        Assert.Equal(["id"], table.ColumnNames);
    }

    [Fact]
    public void Positional_record_parameter_attributes_are_honoured()
    {
        var table = GeneratedAssembly.Compile("""
            using BatchFlow;

            namespace Positional;

            [BatchTable("people", Conflict.Update)]
            public partial record Person(
                [BatchKey] int TenantId,
                [property: BatchKey] long Id,
                [BatchColumn("full_name")] string Name,
                [BatchIgnore] string? Scratch,
                [property: BatchColumn("years")] int Age);
            """).Table("Positional.Person");

        Assert.Equal(["tenant_id", "id", "full_name", "years"], table.ColumnNames);
        Assert.Equal([true, true, false, false], table.Columns.Select(c => c.IsKey));
        Assert.Equal(Conflict.Update, table.Conflict);
    }

    [Fact]
    public void Positional_parameters_come_first_in_parameter_order_then_body_members_in_declaration_order()
    {
        var table = GeneratedAssembly.Compile("""
            using BatchFlow;

            namespace Ordering;

            [BatchTable("ordered")]
            public partial record Row(int B, int A)
            {
                public int D { get; init; }
                public int C { get; init; }
            }
            """).Table("Ordering.Row");

        Assert.Equal(["b", "a", "d", "c"], table.ColumnNames);
    }

    [Fact]
    public void Properties_and_fields_of_a_class_readable_from_the_assembly_become_columns_in_declaration_order()
    {
        var table = GeneratedAssembly.Compile("""
            using BatchFlow;

            namespace Classes;

            [BatchTable("things")]
            internal partial class Thing
            {
                public static int Shared { get; set; }
                public const int Constant = 1;
                public int Id { get; set; }
                public string Label = "";
                internal decimal Price { get; set; }
                private int Hidden { get; set; }
                protected int Inherited { get; set; }
                public int WriteOnly { set { } }
                public int PrivateGetter { private get; set; }
                public int this[int index] => index;
                public readonly long Version;
                public int Computed => Id * 2;
                protected internal int Wide { get; set; }
            }
            """).Table("Classes.Thing");

        Assert.Equal(["id", "label", "price", "version", "computed", "wide"], table.ColumnNames);
        Assert.Equal(
            [ColumnType.Int32, ColumnType.String, ColumnType.Decimal, ColumnType.Int64, ColumnType.Int32, ColumnType.Int32],
            table.Columns.Select(c => c.Type));
    }

    [Fact]
    public void Nullability_follows_the_member_type_and_oblivious_references_count_as_nullable()
    {
        var table = GeneratedAssembly.Compile("""
            using BatchFlow;

            namespace Nulls;

            [BatchTable("nulls")]
            public partial record Row(int Plain, int? Maybe, string Text, string? MaybeText, byte[] Bytes)
            {
            #nullable disable
                public string Oblivious { get; init; }
            #nullable restore
            }
            """).Table("Nulls.Row");

        Assert.Equal([false, true, false, true, false, true], table.Columns.Select(c => c.IsNullable));
    }

    [Fact]
    public void Enum_columns_carry_their_underlying_integer_type()
    {
        var table = GeneratedAssembly.Compile("""
            using BatchFlow;

            namespace Enums;

            public enum Level : short { Low, High }
            public enum Wide : ulong { One = 1 }

            [BatchTable("enums")]
            public partial record Row(Level Level, Wide? Wide, int Plain);
            """).Table("Enums.Row");

        Assert.Equal([ColumnType.Int16, ColumnType.UInt64, ColumnType.Int32], table.Columns.Select(c => c.Type));
        Assert.Equal([true, true, false], table.Columns.Select(c => c.IsEnum));
        Assert.True(table.Column("wide").IsNullable);
    }

    [Fact]
    public void Key_comparer_compares_rows_by_their_key_members_only()
    {
        var table = GeneratedAssembly.Compile("""
            using BatchFlow;

            namespace Keys;

            [BatchTable("keyed", Conflict.Replace)]
            public partial record Row([BatchKey] string Tenant, [BatchKey] int Id, string Note);
            """).Table("Keys.Row");

        var first = table.NewRow("a", 1, "first");
        var sameKey = table.NewRow("a", 1, "second");
        var otherTenant = table.NewRow("b", 1, "first");
        var otherId = table.NewRow("a", 2, "first");

        Assert.True(table.KeyEquals(first, sameKey));
        Assert.Equal(table.KeyHash(first), table.KeyHash(sameKey));
        Assert.False(table.KeyEquals(first, otherTenant));
        Assert.False(table.KeyEquals(first, otherId));
        Assert.True(table.KeyEquals(null, null));
        Assert.False(table.KeyEquals(first, null));
        Assert.False(table.KeyEquals(null, first));
    }

    [Fact]
    public void Key_comparer_compares_byte_array_keys_by_content()
    {
        var table = GeneratedAssembly.Compile("""
            using BatchFlow;

            namespace Blobs;

            [BatchTable("blobs", Conflict.Ignore)]
            public partial record struct Row([BatchKey] byte[]? Hash, int Size);
            """).Table("Blobs.Row");

        var row = table.NewRow(new byte[] { 1, 2, 3 }, 1);
        var sameContent = table.NewRow(new byte[] { 1, 2, 3 }, 2);
        var otherContent = table.NewRow(new byte[] { 1, 2, 4 }, 1);
        var nullHash = table.NewRow(null, 1);
        var emptyHash = table.NewRow(Array.Empty<byte>(), 1);

        Assert.True(table.KeyEquals(row, sameContent));
        Assert.Equal(table.KeyHash(row), table.KeyHash(sameContent));
        Assert.False(table.KeyEquals(row, otherContent));
        Assert.False(table.KeyEquals(nullHash, emptyHash));
        Assert.True(table.KeyEquals(nullHash, table.NewRow(null, 5)));
    }

    [Fact]
    public void A_table_without_key_has_no_key_comparer()
    {
        var table = GeneratedAssembly.Compile("""
            using BatchFlow;

            namespace NoKey;

            [BatchTable("log")]
            public partial record Entry(string Message);
            """).Table("NoKey.Entry");

        Assert.False(table.HasKeyComparer);
        Assert.Equal(Conflict.None, table.Conflict);
        Assert.Equal("log", table.Name);
    }

    [Fact]
    public void Members_named_like_keywords_are_read_with_their_escape()
    {
        var table = GeneratedAssembly.Compile("""
            using BatchFlow;

            namespace Keywords;

            [BatchTable("keywords", Conflict.Ignore)]
            public partial record Row([BatchKey] int @class, string @event);
            """).Table("Keywords.Row");

        Assert.Equal(["class", "event"], table.ColumnNames);
        Assert.True(table.KeyEquals(table.NewRow(1, "a"), table.NewRow(1, "b")));
    }
}
