using System.Globalization;
using BatchFlow.Sinks;

namespace BatchFlow.Redis;

/// <summary>The text forms the sinks store (invariant, exact), and the errors for values they refuse.</summary>
internal static class RedisValues
{
    public const string DateOnlyFormat = "yyyy-MM-dd";
    public const string TimeOnlyFormat = "HH:mm:ss.fffffff";
    public const string TimeSpanFormat = "c";
    public const string DateTimeFormat = "O";
    public const string GuidFormat = "D";

    /// <summary>A double as text that <see cref="double.Parse(string, IFormatProvider)"/> reads back exactly, NaN and infinities included.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Throws when <paramref name="text"/> holds an unpaired surrogate, which UTF-8 cannot carry.</summary>
    public static void CheckText(ColumnDescription column, ReadOnlySpan<char> text)
    {
        if (Utf16Text.IndexOfUnpairedSurrogate(text) is var lone and >= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Column '{column.Name}' ({column.MemberName}) holds an unpaired UTF-16 surrogate (U+{(int)text[lone]:X4} at index {lone}), which UTF-8 cannot store; the row is not sent."));
        }
    }

    public static ArgumentException NullKey(ColumnDescription column) =>
        new($"Key column '{column.Name}' ({column.MemberName}) is null; every key member is part of the Redis key and must have a value. The row is not sent.");

    public static ArgumentException NotFinite(ColumnDescription column, double value) =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"Column '{column.Name}' ({column.MemberName}) holds {value}, which JSON cannot represent as a number; the row is not sent."));
}
