namespace OtpSessions.Core.Deliveries;

/// <summary>What a delivery worker did with one queue message (for the log: ids and reasons only).</summary>
public enum DeliveryWorkStatus
{
    Sent,
    Failed,
    Skipped,
}
