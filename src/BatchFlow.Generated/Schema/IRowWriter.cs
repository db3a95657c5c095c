namespace BatchFlow;

/// <summary>
/// Hands each column value of a row to a provider's <see cref="IColumnWriter"/>, in
/// <see cref="TableShape.Columns"/> order. The generator implements it once per row type, provider-neutral,
/// as a stateless singleton (<see cref="TableDescription{T}.Writer"/>); hand-written implementations are for tests and
/// for row types the generator does not see. A sink calling it per row binds it once to its column writer type with
/// <see cref="WriteColumns{T, TWriter}"/>.
/// </summary>
/// <typeparam name="T">The row type.</typeparam>
public interface IRowWriter<T>
{
    /// <summary>Writes every column of <paramref name="row"/> to <paramref name="writer"/>, one call per column, in order.</summary>
    /// <typeparam name="TWriter">The provider's writer; a struct, so each provider gets its own specialised code.</typeparam>
    /// <param name="row">The row.</param>
    /// <param name="writer">The provider's writer, passed by reference so its position advances.</param>
    void Write<TWriter>(in T row, ref TWriter writer)
        where TWriter : struct, IColumnWriter;
}
