namespace BatchFlow;

/// <summary>
/// <see cref="IRowWriter{T}.Write{TWriter}"/> bound to one provider's column writer type. A sink creates it once
/// (<c>WriteColumns&lt;T, MyWriter&gt; write = table.Writer.Write&lt;MyWriter&gt;;</c>) and calls it per row: the
/// generic virtual method is then resolved once, at creation, instead of by a runtime lookup on every row.
/// </summary>
/// <typeparam name="T">The row type.</typeparam>
/// <typeparam name="TWriter">The provider's column writer.</typeparam>
/// <param name="row">The row.</param>
/// <param name="writer">The provider's writer, by reference so its position advances.</param>
public delegate void WriteColumns<T, TWriter>(in T row, ref TWriter writer)
    where TWriter : struct, IColumnWriter;
