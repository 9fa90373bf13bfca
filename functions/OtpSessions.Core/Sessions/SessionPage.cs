namespace OtpSessions.Core.Sessions;

/// <summary>
/// One page of a listing; <paramref name="ContinuationToken"/> (opaque) fetches the next, null at the end.
/// </summary>
public sealed record SessionPage(IReadOnlyList<SessionSummary> Sessions, string? ContinuationToken);
