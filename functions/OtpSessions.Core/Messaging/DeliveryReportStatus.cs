namespace OtpSessions.Core.Messaging;

public enum DeliveryReportStatus
{
    Delivered,
    Failed,
}
