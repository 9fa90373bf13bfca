using System.Text.Json.Serialization;

namespace OtpSessions.Core.Sessions;

public sealed record InvitationView(
    InvitationStatus Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? SentAt);
