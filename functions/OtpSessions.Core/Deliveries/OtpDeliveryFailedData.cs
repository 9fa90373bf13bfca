using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Deliveries;

/// <summary><c>otp.delivery_failed</c>: which code did not arrive where (masked), and why (<c>rejected</c>, <c>undelivered</c>, <c>retries_exhausted</c>, <c>unreadable</c>).</summary>
public sealed record OtpDeliveryFailedData(
    string SessionId, string? Reference, string ParticipantId, ParticipantRole Role, ContactData? To, string CodeId, string Reason);
