namespace OtpSessions.Core.Sessions;

/// <summary>
/// A row of the <c>idempotency</c> table (PK = agent id, RK = Idempotency-Key): the session the first request
/// created and, once it completed, its response.
/// </summary>
public sealed record IdempotencyRecord(string AgentId, string Key, string SessionId, DateTimeOffset ExpiresAt)
{
    public string? ResponseJson { get; init; }

    /// <summary>SHA-256 of the request body (a later request with the key and another body is refused); null on rows from before it was kept.</summary>
    public string? BodyHash { get; init; }

    /// <summary>When the request that holds the key claimed it (a claim that made no session is taken over after a while).</summary>
    public DateTimeOffset? ClaimedAt { get; init; }

    public StoredVersion? Version { get; init; }
}
