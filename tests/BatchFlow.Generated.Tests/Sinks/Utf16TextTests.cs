using BatchFlow.Sinks;

namespace BatchFlow.Tests.Sinks;

public sealed class Utf16TextTests
{
    // Looked up by name: xunit serializes theory strings as UTF-8, which would turn a lone surrogate into U+FFFD.
    private static readonly Dictionary<string, (string Text, int Expected)> s_cases = new()
    {
        ["empty"] = ("", -1),
        ["ascii"] = ("plain ascii", -1),
        ["valid pairs"] = ("pair \U0001F600 and \U0010FFFF", -1),
        ["high before a letter"] = ("a\uD800b", 1),
        ["low alone"] = ("a\uDC00b", 1),
        ["high at the end"] = ("end\uD800", 3),
        ["two highs"] = ("\uDBFF\uDBFFx", 0),
        ["pair then a lone high"] = ("\U0001F600\uD83D", 2),
        ["low before high"] = ("\uDC00\uD800", 0),
        ["far into long text"] = (new string('x', 5_000) + "\uDFFF", 5_000),
    };

    public static TheoryData<string> Cases => new(s_cases.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_first_unpaired_surrogate_is_found_and_pairs_are_not(string name)
    {
        var (text, expected) = s_cases[name];
        Assert.Equal(expected, Utf16Text.IndexOfUnpairedSurrogate(text));
    }
}
