using System.Buffers;

namespace BatchFlow.Sinks;

/// <summary>
/// Checks a sink needs before it turns .NET text into UTF-8 (or any Unicode encoding): a string may hold an unpaired
/// UTF-16 surrogate (a string cut in the middle of an emoji), which no Unicode encoding can represent. Encoders then
/// change the value (U+FFFD, or a merged character); a sink that stores values exactly should refuse the row instead.
/// </summary>
public static class Utf16Text
{
    // Every surrogate code unit, U+D800 to U+DFFF, searched vectorized. (IndexOfAnyInRange was measured to allocate
    // on the SQLite bind path; SearchValues does not.)
    private static readonly SearchValues<char> s_surrogates =
        SearchValues.Create(Enumerable.Range(0xD800, 0x800).Select(static c => (char)c).ToArray());

    /// <summary>
    /// The index of the first surrogate in <paramref name="text"/> that is not half of a high-low pair, or -1 when the
    /// text is well-formed UTF-16. Text without any surrogate, the usual case, is decided by one vectorized search.
    /// </summary>
    public static int IndexOfUnpairedSurrogate(ReadOnlySpan<char> text)
    {
        var i = text.IndexOfAny(s_surrogates);
        if (i < 0)
        {
            return -1;
        }

        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }
}
