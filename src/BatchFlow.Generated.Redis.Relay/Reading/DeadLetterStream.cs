using System.Globalization;
using StackExchange.Redis;

namespace BatchFlow.Redis.Relay.Reading;

/// <summary>
/// Where entries that cannot be written go: one <c>XADD</c> per entry to the dead-letter stream, holding the entry's
/// own fields and four more that say what happened (<see cref="ErrorField"/> and the others), so that a person or a
/// tool can mend the row and append it to the source stream again.
/// </summary>
internal sealed class DeadLetterStream
{
    /// <summary>The error, as the database or the reader reported it.</summary>
    public const string ErrorField = "batchflow:error";
    /// <summary>The partition stream the entry came from.</summary>
    public const string SourceStreamField = "batchflow:source_stream";
    /// <summary>The entry's id there.</summary>
    public const string SourceIdField = "batchflow:source_id";
    /// <summary>How often it had been delivered.</summary>
    public const string DeliveriesField = "batchflow:deliveries";

    private readonly IDatabase _db;
    private readonly RedisKey _key;

    public DeadLetterStream(IDatabase db, string key)
    {
        _db = db;
        _key = key;
    }

    public string Key => _key!;

    /// <summary>Appends the entries, all pipelined; returns once every append has been confirmed.</summary>
    public async Task AddAsync(RedisKey source, IReadOnlyList<DeadEntry> entries)
    {
        var adds = new Task<RedisValue>[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var (entry, error, deliveries) = entries[i];
            var own = entry.Values ?? [];
            var fields = new NameValueEntry[own.Length + 4];
            own.CopyTo(fields, 0);
            fields[own.Length] = new NameValueEntry(ErrorField, error);
            fields[own.Length + 1] = new NameValueEntry(SourceStreamField, (string?)source);
            fields[own.Length + 2] = new NameValueEntry(SourceIdField, entry.Id);
            fields[own.Length + 3] = new NameValueEntry(DeliveriesField, deliveries.ToString(CultureInfo.InvariantCulture));
            adds[i] = _db.StreamAddAsync(_key, fields);
        }

        await Task.WhenAll(adds).ConfigureAwait(false);
    }
}

/// <summary>An entry to set aside, with the reason.</summary>
internal readonly record struct DeadEntry(StreamEntry Entry, string Error, long Deliveries);
