namespace BatchFlow.Benchmarks.Scaling;

/// <summary>4 columns: the <c>users</c> shape of every other suite (key, text, nullable text, timestamp).</summary>
[BatchTable("scale_w4")]
public sealed partial record Row4([BatchKey] long Id, string Name, string? Email, DateTime CreatedAt);

/// <summary>16 columns: two rounds of the eight column kinds <see cref="ColumnarRows"/> fills (key first).</summary>
[BatchTable("scale_w16")]
public sealed partial record Row16(
    [BatchKey] long C00, int C01, double C02, bool C03, string C04, string? C05, DateTime C06, Guid C07,
    long C08, int C09, double C10, bool C11, string C12, string? C13, DateTime C14, Guid C15);

/// <summary>40 columns: five rounds of the eight column kinds (an event row), key first.</summary>
[BatchTable("scale_w40")]
public sealed partial record Row40(
    [BatchKey] long C00, int C01, double C02, bool C03, string C04, string? C05, DateTime C06, Guid C07,
    long C08, int C09, double C10, bool C11, string C12, string? C13, DateTime C14, Guid C15,
    long C16, int C17, double C18, bool C19, string C20, string? C21, DateTime C22, Guid C23,
    long C24, int C25, double C26, bool C27, string C28, string? C29, DateTime C30, Guid C31,
    long C32, int C33, double C34, bool C35, string C36, string? C37, DateTime C38, Guid C39);

/// <summary>Builds each row type from the same <see cref="ColumnarRows"/> the raw paths read, so both write equal values.</summary>
public static class ScalingRows
{
    public static Row4[] Row4s(ColumnarRows d) => Build(d, i => new Row4(d.Int64(0, i), d.String(1, i)!, d.String(2, i), d.DateTime(3, i)));

    public static Row16[] Row16s(ColumnarRows d) => Build(d, i => new Row16(
        d.Int64(0, i), d.Int32(1, i), d.Double(2, i), d.Boolean(3, i), d.String(4, i)!, d.String(5, i), d.DateTime(6, i), d.Guid(7, i),
        d.Int64(8, i), d.Int32(9, i), d.Double(10, i), d.Boolean(11, i), d.String(12, i)!, d.String(13, i), d.DateTime(14, i), d.Guid(15, i)));

    public static Row40[] Row40s(ColumnarRows d) => Build(d, i => new Row40(
        d.Int64(0, i), d.Int32(1, i), d.Double(2, i), d.Boolean(3, i), d.String(4, i)!, d.String(5, i), d.DateTime(6, i), d.Guid(7, i),
        d.Int64(8, i), d.Int32(9, i), d.Double(10, i), d.Boolean(11, i), d.String(12, i)!, d.String(13, i), d.DateTime(14, i), d.Guid(15, i),
        d.Int64(16, i), d.Int32(17, i), d.Double(18, i), d.Boolean(19, i), d.String(20, i)!, d.String(21, i), d.DateTime(22, i), d.Guid(23, i),
        d.Int64(24, i), d.Int32(25, i), d.Double(26, i), d.Boolean(27, i), d.String(28, i)!, d.String(29, i), d.DateTime(30, i), d.Guid(31, i),
        d.Int64(32, i), d.Int32(33, i), d.Double(34, i), d.Boolean(35, i), d.String(36, i)!, d.String(37, i), d.DateTime(38, i), d.Guid(39, i)));

    private static T[] Build<T>(ColumnarRows data, Func<int, T> row)
    {
        var rows = new T[data.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = row(i);
        }

        return rows;
    }
}
