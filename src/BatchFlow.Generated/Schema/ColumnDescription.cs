namespace BatchFlow;

/// <summary>One column of a <see cref="TableDescription{T}"/>, as the generator emitted it.</summary>
public sealed class ColumnDescription
{
    /// <summary>Creates a column description. Generated code calls this; names are validated by the generator.</summary>
    /// <param name="name">The column name, unquoted.</param>
    /// <param name="memberName">The C# member the column reads from.</param>
    /// <param name="type">The member's type (an enum's underlying type when <paramref name="isEnum"/> is set).</param>
    /// <param name="isNullable">Whether the member can hold null.</param>
    /// <param name="isKey">Whether the member carries <see cref="BatchKeyAttribute"/>.</param>
    /// <param name="isEnum">Whether the member is an enum written as its integer value.</param>
    public ColumnDescription(string name, string memberName, ColumnType type, bool isNullable, bool isKey, bool isEnum = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(memberName);
        Name = name;
        MemberName = memberName;
        Type = type;
        IsNullable = isNullable;
        IsKey = isKey;
        IsEnum = isEnum;
    }

    /// <summary>The column name, unquoted.</summary>
    public string Name { get; }

    /// <summary>The C# member the column reads from.</summary>
    public string MemberName { get; }

    /// <summary>The member's type; for an enum, its underlying integer type.</summary>
    public ColumnType Type { get; }

    /// <summary>Whether the member can hold null.</summary>
    public bool IsNullable { get; }

    /// <summary>Whether the column is part of the conflict key.</summary>
    public bool IsKey { get; }

    /// <summary>Whether the member is an enum written as its integer value.</summary>
    public bool IsEnum { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Type}{(IsNullable ? "?" : "")}{(IsKey ? ", key" : "")})";
}
