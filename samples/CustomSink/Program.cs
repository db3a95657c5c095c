// CustomSink: a provider written outside this repository's provider packages, against the core's public sink seam
// only. JsonLinesSink<T> appends rows to a JSON Lines file; the [assembly: BatchFlowProvider] in
// ProviderDeclaration.cs makes the generator emit EventFlow.JsonLines(path, options), used here like any provider.
//   dotnet run --project samples/CustomSink [-- rows [path]]
using System.Globalization;
using BatchFlow;
using CustomSink;

var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var path = Path.GetFullPath(args.Length > 1 ? args[1] : "events.jsonl");

// The sink appends; start from an empty file so that the count read back is this run's.
Directory.CreateDirectory(Path.GetDirectoryName(path)!);
File.Delete(path);
Console.WriteLine($"Writing {rows:N0} events into {path}");

var options = new BatchFlowOptions<Event>
{
    OnFailure = failure =>
    {
        Console.Error.WriteLine($"{failure.Rows.Count} row(s) failed after {failure.Attempts} attempt(s): {failure.Exception.Message}");
        return ValueTask.CompletedTask;
    },
};

await using (var events = EventFlow.JsonLines(path, options))
{
    var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    for (var id = 1; id <= rows; id++)
    {
        await events.SubmitAsync(new Event(id, $"event {id}", start.AddSeconds(id), id % 10 == 0 ? null : id * 0.5));
    }
}   // DisposeAsync: writes what is buffered, waits for every write in flight and closes the file.

var lines = File.ReadLines(path).Count();
Console.WriteLine($"Lines read back from {Path.GetFileName(path)}: {lines:N0}");
return lines == rows ? 0 : 1;
