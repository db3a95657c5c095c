using System.Buffers;
using System.Globalization;

namespace BatchFlow.Redis;

/// <summary>
/// Builds one row's key, <c>{prefix}{separator}{key1}{separator}{key2}…</c>, in a pooled char buffer: the column writers
/// append each key member as they meet it, formatted with the invariant culture. One per batch, on one thread.
/// </summary>
internal sealed class RedisKeyBuilder : IDisposable
{
    private readonly string _prefix;
    private readonly string _separator;
    private char[] _buffer;
    private int _length;

    public RedisKeyBuilder(string prefix, string separator)
    {
        _prefix = prefix;
        _separator = separator;
        _buffer = ArrayPool<char>.Shared.Rent(Math.Max(128, prefix.Length + 64));
    }

    /// <summary>Starts the next row's key with the prefix.</summary>
    public void Start()
    {
        _length = 0;
        Append(_prefix);
    }

    /// <summary>The key built so far, as the string StackExchange.Redis sends as UTF-8.</summary>
    public string Build() => new(_buffer, 0, _length);

    /// <summary>The key built so far, without a copy (valid until the next change).</summary>
    public ReadOnlySpan<char> Text => _buffer.AsSpan(0, _length);

    /// <summary>Appends a text key member.</summary>
    public void Part(ReadOnlySpan<char> text)
    {
        Append(_separator);
        Append(text);
    }

    /// <summary>Appends a formatted key member (integers as digits, floating point round-trippable, dates ISO 8601).</summary>
    public void Part<TValue>(TValue value, ReadOnlySpan<char> format)
        where TValue : ISpanFormattable
    {
        Append(_separator);
        int written;
        while (!value.TryFormat(_buffer.AsSpan(_length), out written, format, CultureInfo.InvariantCulture))
        {
            Grow(_buffer.Length);
        }

        _length += written;
    }

    /// <summary>Appends a binary key member as lowercase hex.</summary>
    public void Part(byte[] bytes)
    {
        Append(_separator);
        Reserve(bytes.Length * 2);
        const string Hex = "0123456789abcdef";
        foreach (var b in bytes)
        {
            _buffer[_length++] = Hex[b >> 4];
            _buffer[_length++] = Hex[b & 0xF];
        }
    }

    public void Dispose()
    {
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void Append(ReadOnlySpan<char> text)
    {
        Reserve(text.Length);
        text.CopyTo(_buffer.AsSpan(_length));
        _length += text.Length;
    }

    private void Reserve(int more)
    {
        if (_buffer.Length - _length < more)
        {
            Grow(more);
        }
    }

    private void Grow(int more)
    {
        var bigger = ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
