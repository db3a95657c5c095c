namespace BatchFlow;

/// <summary>
/// Thrown by a sink when the table does not fit the rows written to it: the table is missing, or a column is missing,
/// of another type, or refuses written values. No row can be written until the schema is fixed, so the flow reports
/// the whole batch at once instead of splitting it to look for the rows that cause the failure, and does not retry.
/// </summary>
public sealed class BatchSchemaException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public BatchSchemaException()
    {
    }

    /// <summary>Creates the exception with a message that names the table and what does not fit.</summary>
    public BatchSchemaException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public BatchSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
