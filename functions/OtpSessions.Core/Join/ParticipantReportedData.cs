using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Join;

/// <summary>
/// <c>participant.reported</c> (and its audit entry): a recipient of the participant's messages on
/// <see cref="Channel"/> said "not me" — which message's link it was, never the address.
/// </summary>
public sealed record ParticipantReportedData(string SessionId, string? Reference, string ParticipantId, ParticipantRole Role, Channel Channel);
