using System.Security.Cryptography;

namespace BatchFlow.Tool.Providers;

/// <summary>Names of the scratch schemas and databases that DDL files are applied to: unique, so runs side by side never meet.</summary>
internal static class ScratchName
{
    /// <summary>PostgreSQL and MySQL both cap identifiers at 63 and 64 characters.</summary>
    private const int MaxLength = 63;

    /// <summary><paramref name="prefix"/> followed by <c>_scratch_</c> and 12 random hex digits, cut to fit.</summary>
    public static string New(string prefix)
    {
        var suffix = "_scratch_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        if (prefix.Length + suffix.Length > MaxLength)
        {
            prefix = prefix[..(MaxLength - suffix.Length)];
        }

        return prefix + suffix;
    }
}
