namespace OtpSessions.Core.Messaging;

/// <summary>
/// Applies delivery reports to whatever tracks deliveries (participant invitation / OTP delivery status).
/// Must be idempotent: Event Grid delivers at least once.
/// </summary>
public interface IDeliveryReportSink
{
    Task ApplyAsync(DeliveryReport report, CancellationToken ct);
}
