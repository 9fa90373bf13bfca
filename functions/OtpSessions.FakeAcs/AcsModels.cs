using System.Text.Json.Serialization;

namespace OtpSessions.FakeAcs;

// The ACS wire shapes the fake reads and writes (camelCase JSON).

internal sealed record SmsSendRequest(string? From, IReadOnlyList<SmsRecipient>? SmsRecipients, string? Message, SmsSendOptions? SmsSendOptions);

internal sealed record SmsRecipient(string? To, string? RepeatabilityRequestId, string? RepeatabilityFirstSent);

internal sealed record SmsSendOptions(bool EnableDeliveryReport, string? Tag);

internal sealed record SmsSendResponse(IReadOnlyList<SmsResultItem> Value);

internal sealed record SmsResultItem(
    string To,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MessageId,
    int HttpStatusCode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RepeatabilityResult,
    bool Successful,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorMessage);

internal sealed record EmailSendRequest(string? SenderAddress, EmailContent? Content, EmailRecipients? Recipients);

internal sealed record EmailContent(string? Subject, string? PlainText, string? Html);

internal sealed record EmailRecipients(IReadOnlyList<EmailAddress>? To, IReadOnlyList<EmailAddress>? Cc, IReadOnlyList<EmailAddress>? Bcc);

internal sealed record EmailAddress(string? Address, string? DisplayName);

internal sealed record EmailOperation(string Id, string Status, AcsError? Error);

internal sealed record AcsErrorResponse(AcsError Error);

internal sealed record AcsError(string Code, string Message);

/// <summary><c>POST /_faults</c> body.</summary>
internal sealed record FaultRequest(int Status, int Count, int? RetryAfter, string? To, double? DelaySeconds = null);
