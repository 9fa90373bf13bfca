using OtpSessions.Core.Otp;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Join;

/// <summary><c>otp.requested</c>: a new code was issued; <see cref="Queued"/> says whether it went to delivery at once.</summary>
public sealed record OtpRequestedData(
    string SessionId, string? Reference, string ParticipantId, ParticipantRole Role, OtpMode Mode, ContactData? To, string CodeId,
    DateTimeOffset ExpiresAt, bool Queued);
