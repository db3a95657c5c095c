using BatchFlow.Sinks;
using CustomSink;

// Declared in the sink's own assembly: the generator reads it from the compilation too, so every [BatchTable]
// type of this project gets EventFlow.JsonLines(path, options). A provider package would carry the same line.
[assembly: BatchFlowProvider("JsonLines", typeof(JsonLinesSink<>), Destination = "into a JSON Lines file", DisplayName = "JSON Lines")]
