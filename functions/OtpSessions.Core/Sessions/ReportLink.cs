namespace OtpSessions.Core.Sessions;

/// <summary>
/// A "not me" link as the index keeps it: the hash of its report token (<see cref="TokenFactory.Hash"/>; never the
/// token), whose messages it is in (the participant and the channel) and until when it works (its session's end).
/// </summary>
public sealed record ReportLink(string TokenHash, string SessionId, string ParticipantId, Channel Channel, DateTimeOffset ExpiresAt);
