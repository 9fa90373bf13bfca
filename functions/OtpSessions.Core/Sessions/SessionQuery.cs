namespace OtpSessions.Core.Sessions;

/// <summary>A listing request: newest first, at most <paramref name="Limit"/>, after the position <paramref name="After"/> names.</summary>
public sealed record SessionQuery(SessionOwner Owner, SessionStatus? Status, string? Reference, int Limit, string? After);
