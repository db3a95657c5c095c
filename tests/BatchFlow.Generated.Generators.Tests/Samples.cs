namespace BatchFlow.Generators.Tests;

/// <summary>Row types the tests generate flows for.</summary>
internal static class Samples
{
    /// <summary>The design's example.</summary>
    public const string User = """
        #pragma warning disable CS1591
        using System;
        using BatchFlow;

        namespace MyApp;

        [BatchTable("users", Conflict.Ignore)]
        public partial record User([BatchKey] long Id, string Name, string? Email, DateTime CreatedAt);
        """;

    /// <summary>Every supported member type, non-null and nullable, and enums of every underlying kind.</summary>
    public const string AllTypes = """
        #pragma warning disable CS1591
        using System;
        using BatchFlow;

        namespace MyApp.Catalog;

        public enum Status { Active, Retired }
        public enum Flags : byte { None = 0, Hot = 1 }
        public enum Huge : ulong { Small = 1, Big = ulong.MaxValue }

        [BatchTable("everything")]
        internal partial record AllTypes(
            bool Flag, bool? MaybeFlag,
            sbyte Tiny, sbyte? MaybeTiny,
            byte Octet, byte? MaybeOctet,
            short Small, short? MaybeSmall,
            ushort SmallUnsigned, ushort? MaybeSmallUnsigned,
            int Count, int? MaybeCount,
            uint CountUnsigned, uint? MaybeCountUnsigned,
            long Big, long? MaybeBig,
            ulong BigUnsigned, ulong? MaybeBigUnsigned,
            float Ratio, float? MaybeRatio,
            double Measure, double? MaybeMeasure,
            decimal Price, decimal? MaybePrice,
            string Name, string? Nickname,
            char Initial, char? MaybeInitial,
            Guid Token, Guid? MaybeToken,
            DateTime At, DateTime? MaybeAt,
            DateTimeOffset Stamp, DateTimeOffset? MaybeStamp,
            DateOnly Day, DateOnly? MaybeDay,
            TimeOnly Time, TimeOnly? MaybeTime,
            TimeSpan Duration, TimeSpan? MaybeDuration,
            byte[] Payload, byte[]? MaybePayload,
            Status State, Status? MaybeState,
            Flags Marks, Huge Size, Huge? MaybeSize);
        """;

    /// <summary>A record struct with a composite key, Conflict.Update, a renamed column and an ignored member.</summary>
    public const string Reading = """
        #pragma warning disable CS1591
        using System;
        using BatchFlow;

        namespace Telemetry;

        [BatchTable("readings", Conflict.Update)]
        public partial record struct Reading(
            [BatchKey] string SensorId,
            [BatchKey] DateTime TakenAt,
            [BatchColumn("value_celsius")] double Value,
            [BatchIgnore] string? DebugNote)
        {
            public int? Quality { get; init; }
        }
        """;
}
