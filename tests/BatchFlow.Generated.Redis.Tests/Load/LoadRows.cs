namespace BatchFlow.Redis.Tests.Load;

/// <summary>A row of the load tests: a hash per key, refused if the key exists.</summary>
[BatchTable("load", Conflict.None)]
public sealed partial record LoadRow([BatchKey] long Id, string Name, int Producer);

/// <summary>The same row as a stream entry.</summary>
[BatchTable("load_stream", Conflict.None)]
public sealed partial record LoadEntry([BatchKey] long Id, string Name, int Producer);
