namespace Everruns.Data.Runs;

/// <summary>
/// A claim a new run can be created with: held by <paramref name="Owner"/> for <paramref name="Lease"/>. A run created
/// claimed is as durable as any other: if its executor dies, another one resumes it.
/// </summary>
public sealed record HandoffClaim(string Owner, TimeSpan Lease);
