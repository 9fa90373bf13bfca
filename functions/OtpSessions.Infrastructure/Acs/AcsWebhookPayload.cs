namespace OtpSessions.Infrastructure.Acs;

/// <summary>What an Event Grid delivery to <c>POST /api/webhooks/acs</c> asks for.</summary>
public abstract record AcsWebhookPayload
{
    private AcsWebhookPayload()
    {
    }

    /// <summary>The subscription validation handshake: answer <c>{ "validationResponse": code }</c>.</summary>
    public sealed record Validation(string ValidationCode) : AcsWebhookPayload;

    /// <summary>Delivery reports to apply (other event types in the batch are ignored).</summary>
    public sealed record Reports(IReadOnlyList<DeliveryReport> Items) : AcsWebhookPayload;

    /// <summary>Not an Event Grid batch this endpoint understands: 400.</summary>
    public sealed record Invalid(string Reason) : AcsWebhookPayload;
}
