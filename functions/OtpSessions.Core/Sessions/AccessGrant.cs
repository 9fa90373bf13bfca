namespace OtpSessions.Core.Sessions;

/// <summary>One entry's access token: its hash (<see cref="TokenFactory.Hash"/>) and until when it works.</summary>
public sealed record AccessGrant(string TokenHash, DateTimeOffset ValidUntil);
