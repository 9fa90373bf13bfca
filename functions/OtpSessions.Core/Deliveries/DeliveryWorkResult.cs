namespace OtpSessions.Core.Deliveries;

/// <param name="Why">For the log: ids and reasons only — never a code, a token or an address.</param>
public sealed record DeliveryWorkResult(DeliveryWorkStatus Status, string Why)
{
    public static DeliveryWorkResult Sent(string why) => new(DeliveryWorkStatus.Sent, why);

    public static DeliveryWorkResult Failed(string why) => new(DeliveryWorkStatus.Failed, why);

    public static DeliveryWorkResult Skipped(string why) => new(DeliveryWorkStatus.Skipped, why);
}
