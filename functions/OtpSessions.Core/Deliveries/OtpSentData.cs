using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Deliveries;

/// <summary><c>otp.sent</c>: the provider accepted send number <see cref="Send"/> of the code.</summary>
public sealed record OtpSentData(
    string SessionId, string? Reference, string ParticipantId, ParticipantRole Role, ContactData To, string CodeId, int Send);
