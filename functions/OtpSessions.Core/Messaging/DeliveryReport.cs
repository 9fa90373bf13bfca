namespace OtpSessions.Core.Messaging;

/// <summary>
/// A provider's final word on one message (from the ACS delivery-report webhook).
/// </summary>
/// <param name="ProviderMessageId">The id from <see cref="SendResult.Accepted"/>: the SMS message id, or the email operation id.</param>
/// <param name="Channel"><see cref="MessageChannels.Sms"/> or <see cref="MessageChannels.Email"/>.</param>
/// <param name="Tag">The SMS tag given at send time, if any (email has none).</param>
/// <param name="ReceivedAt">When the provider recorded the outcome.</param>
/// <param name="Error">The provider's status details for a failed delivery.</param>
public sealed record DeliveryReport(
    string ProviderMessageId,
    string Channel,
    DeliveryReportStatus Status,
    string? Tag,
    DateTimeOffset ReceivedAt,
    string? Error);
