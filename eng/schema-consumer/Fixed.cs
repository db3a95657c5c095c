// The records of Mistakes.cs.markup, each fixed; and one that matched from the start.
using BatchFlow;

namespace SchemaConsumer;

[BatchTable("accounts")]
public partial record MissingTable(long Id, string Name, string Tenant);

[BatchTable("accounts")]
public partial record MissingColumn(long Id, string Name, string Tenant, string? Note);

[BatchTable("accounts")]
public partial record WrongType(long Id, string Name, string Tenant, long Balance);

[BatchTable("accounts", Conflict.Ignore)]
public partial record KeyWithoutIndex([BatchKey] long Id, string Name, string Tenant);

[BatchTable("accounts")]
public partial record RequiredNotWritten(long Id, string Name, string Tenant);

[BatchTable("accounts")]
public partial record NullableIntoNotNull(long Id, string Name, string Tenant);

[BatchTable("accounts")]
public partial record GeneratedWritten(long Id, string Name, string Tenant, [BatchIgnore] string? NameUpper);

[BatchTable("accounts", Conflict.Replace)]
public partial record ReplaceClears([BatchKey] long Id, string Name, string Tenant, string? Note);

[BatchTable("accounts", Conflict.Update)]
public partial record Account([BatchKey] long Id, string Name, string Tenant, string? Note, long Balance);
