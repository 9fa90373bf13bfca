using Microsoft.Extensions.Logging;
using OtpSessions.Core.Common;
using OtpSessions.Core.Messaging;

namespace OtpSessions.Infrastructure.Acs;

/// <summary>
/// The default <see cref="IDeliveryReportSink"/> until the session work registers the real one: logs the report
/// (ids and status only) and changes nothing.
/// </summary>
public sealed partial class LoggingDeliveryReportSink(ILogger<LoggingDeliveryReportSink> logger) : IDeliveryReportSink
{
    public Task ApplyAsync(DeliveryReport report, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        LogReport(report.Channel, report.ProviderMessageId, report.Status);
        return Task.CompletedTask;
    }

    [LoggerMessage(LogLevel.Information, "Delivery report for {Channel} message {MessageId}: {Status} (no sink registered; nothing updated)")]
    private partial void LogReport(string channel, string messageId, DeliveryReportStatus status);
}
