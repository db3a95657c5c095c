namespace BatchFlow;

/// <summary>
/// Why a delivery-confirmed row failed for good (<see cref="BatchDeliveryException.Reason"/>): whether the row itself
/// was refused, so that writing it again fails the same way, or something around it failed and the row may be sound.
/// A relay or an outbox uses it to tell a row to set aside (dead-letter) from one to try again later.
/// </summary>
public enum BatchDeliveryFailure
{
    /// <summary>The database refused this row on its own (a constraint, a bad value): the flow isolated it from the rest of its batch, which was committed. Writing the same row again fails the same way.</summary>
    Refused,

    /// <summary>Transient errors (a lost connection, a timeout, a deadlock) outlasted every retry: the row may well be written later.</summary>
    Transient,

    /// <summary>The error concerns the table or the statement, not the row (a missing table or column, no permission): every row of the table fails alike until the schema or the grant is mended.</summary>
    BatchWide,

    /// <summary>The row's batch failed and the flow does not isolate failing rows (<see cref="BatchFlowOptions.IsolateFailingRows"/> is false): the error may belong to another row of the batch.</summary>
    NotIsolated,

    /// <summary>The flow's shutdown deadline passed before the row was written.</summary>
    Deadline,

    /// <summary>The flow's writer failed in a way it does not classify (a fault in a sink, or in the flow): report it.</summary>
    Unexpected,
}
