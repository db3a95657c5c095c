namespace BatchFlow;

/// <summary>What a write does when a row's key already exists in the table.</summary>
public enum Conflict
{
    /// <summary>Plain insert: a duplicate key is an error, and the row that causes it is reported to the failure handler.</summary>
    None = 0,

    /// <summary>Keep the existing row; the new one is skipped. Inside one batch the first row of a key wins.</summary>
    Ignore = 1,

    /// <summary>Overwrite the non-key columns of the existing row. Inside one batch the last row of a key wins.</summary>
    Update = 2,

    /// <summary>The stored row becomes exactly the new one. Inside one batch the last row of a key wins.</summary>
    Replace = 3,
}
