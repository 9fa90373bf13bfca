using System.Text.Json.Serialization;

namespace OtpSessions.FakeAcs;

/// <summary>
/// One message the fake accepted, as <c>GET /_messages</c> shows it: SMS carry <c>body</c>, emails <c>subject</c>,
/// <c>text</c> and <c>html</c>. <c>messageId</c> is the SMS message id or the email operation id (what delivery reports name);
/// <c>tag</c> the SMS send's tag, which ACS echoes in its delivery report.
/// </summary>
public sealed record RecordedMessage(
    string Channel,
    string To,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Body,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Subject,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Html,
    DateTimeOffset ReceivedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RepeatabilityRequestId,
    string MessageId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Tag = null);
