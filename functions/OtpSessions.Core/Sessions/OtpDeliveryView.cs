using System.Text.Json.Serialization;
using OtpSessions.Core.Otp;

namespace OtpSessions.Core.Sessions;

public sealed record OtpDeliveryView(
    OtpDeliveryStatus Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? SentAt)
{
    /// <summary>With <c>refused</c>: when the refusing send budget's window ends.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? RetryAt { get; init; }
}
