namespace BatchFlow.Benchmarks.Core;

/// <summary>The row writer of a table whose rows no sink writes (the do-nothing sink never asks for values).</summary>
internal sealed class NoRowWriter<T> : IRowWriter<T>
{
    public static NoRowWriter<T> Instance { get; } = new();

    public void Write<TWriter>(in T row, ref TWriter writer)
        where TWriter : struct, IColumnWriter =>
        throw new NotSupportedException("No sink writes these rows.");
}
