namespace OtpSessions.Core.Sessions;

/// <summary>
/// One entry's access token: its hash (<see cref="TokenFactory.Hash"/>), until when it works, and how that entry was
/// authenticated (null for a grant stored before the method was kept: it counts as an entry without a code).
/// </summary>
public sealed record AccessGrant(string TokenHash, DateTimeOffset ValidUntil, EntryMethod? Method = null);
