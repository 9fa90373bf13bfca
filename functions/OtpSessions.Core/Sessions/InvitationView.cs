using System.Text.Json.Serialization;
using OtpSessions.Core.Join;
using OtpSessions.Core.Otp;

namespace OtpSessions.Core.Sessions;

public sealed record InvitationView(
    InvitationStatus Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? SentAt);
