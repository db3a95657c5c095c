using System.Diagnostics;

namespace BatchFlow;

/// <summary>
/// The right to run one write: only <see cref="BatchWriter{T}.AcquireSlotAsync"/> makes one, and
/// <see cref="BatchWriter{T}.Start"/> or <see cref="BatchWriter{T}.Release"/> consumes it, so a batch cannot be
/// started without a slot (a <c>default</c> slot, or another writer's, is refused).
/// </summary>
internal readonly struct WriteSlot
{
    private readonly object? _owner;

    internal WriteSlot(object owner) => _owner = owner;

    internal void CheckOwner(object writer)
    {
        if (!ReferenceEquals(_owner, writer))
        {
            Throw();
        }
    }

    [StackTraceHidden]
    private static void Throw() =>
        throw new InvalidOperationException("A batch write needs a slot acquired from its own writer (AcquireSlotAsync).");
}
