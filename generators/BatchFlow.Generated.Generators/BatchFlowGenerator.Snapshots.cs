using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using BatchFlow.Generators.Diagnostics;
using BatchFlow.Generators.Model;
using BatchFlow.Snapshots;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace BatchFlow.Generators;

public sealed partial class BatchFlowGenerator
{
    /// <summary>
    /// Reads the schema snapshot files of the project (<c>AdditionalFiles</c> named <c>batchflow.schema</c> or
    /// <c>*.batchflow.schema</c>) into equatable models, with the same format code the tool writes them with.
    /// </summary>
    private static class Snapshots
    {
        public static bool IsSnapshot(AdditionalText file) => SnapshotText.IsSnapshotPath(file.Path);

        public static SnapshotModel Read(AdditionalText file, CancellationToken cancellationToken)
        {
            var text = file.GetText(cancellationToken);
            if (text is null)
            {
                return new SnapshotModel(file.Path, "", EquatableArray<SnapshotTableModel>.Empty, "the file cannot be opened", null);
            }

            try
            {
                var document = SnapshotText.Parse(text.ToString());
                var tables = document.Tables
                    .Select(static t => new SnapshotTableModel(
                        t.Name,
                        t.Columns.Select(static c => new SnapshotColumnModel(c.Name, c.Type, c.NotNull, c.Default, c.Generated, c.Identity, c.Accepts.ToEquatableArray())).ToEquatableArray(),
                        t.Indexes.Select(static i => new SnapshotIndexModel(i.Name, i.Columns.ToEquatableArray(), i.PrimaryKey, i.Partial, i.Deferrable)).ToEquatableArray()))
                    .ToEquatableArray();
                return new SnapshotModel(file.Path, document.Provider, tables);
            }
            catch (SnapshotFormatException exception)
            {
                return new SnapshotModel(file.Path, "", EquatableArray<SnapshotTableModel>.Empty, exception.Message, LineLocation(file.Path, text, exception.Line));
            }
        }

        /// <summary>One BFG021 per snapshot that cannot be read, at the line at fault.</summary>
        public static EquatableArray<DiagnosticInfo> Errors(EquatableArray<SnapshotModel> snapshots) =>
            snapshots
                .Where(static s => s.Error is not null)
                .Select(static s => new DiagnosticInfo(DiagnosticDescriptors.InvalidSnapshot, s.ErrorLocation, new EquatableArray<string>(new[] { s.FileName, s.Error! })))
                .ToEquatableArray();

        public static EquatableArray<SnapshotModel> ToModels(ImmutableArray<SnapshotModel> snapshots) =>
            snapshots.OrderBy(static s => s.Path, System.StringComparer.Ordinal).ToEquatableArray();

        private static LocationInfo LineLocation(string path, SourceText text, int line)
        {
            var index = System.Math.Max(0, System.Math.Min(line - 1, text.Lines.Count - 1));
            var span = text.Lines.Count == 0 ? default : text.Lines[index].Span;
            return new LocationInfo(path, span, text.Lines.Count == 0 ? default : text.Lines.GetLinePositionSpan(span));
        }
    }
}
