namespace OtpSessions.Core.Evidence;

/// <summary>
/// A session's final evidence record, kept after the session's rows are gone: the payload (UTF-8 JSON, exactly the bytes
/// that are signed), who may read it (the owner, and its team's supervisors and admins) and until when it is kept.
/// </summary>
public sealed record KeptEvidence(string SessionId, string AgentId, string? Team, byte[] Payload, DateTimeOffset KeptAt, DateTimeOffset ExpiresAt);
