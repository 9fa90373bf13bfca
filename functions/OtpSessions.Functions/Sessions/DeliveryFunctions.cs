using OtpSessions.Core;
using OtpSessions.Core.Deliveries;

namespace OtpSessions.Functions.Sessions;

/// <summary>
/// The delivery worker, serving both delivery queues and their poison queues with the one <see cref="DeliveryService"/>:
/// <c>invitations</c> carries invite links, <c>otp-deliveries</c> codes, each message naming its kind
/// (<see cref="DeliveryMessage"/>). A transient provider failure throws, so the host retries and after
/// <c>maxDequeueCount</c> attempts poisons the message; the <c>-poison</c> queues then mark that delivery <c>failed</c>.
/// Every message is handled the same way — traced under the trace that queued it, its outcome logged by queue, ids and
/// reason only, never a code, a link or an address.
/// </summary>
public sealed partial class DeliveryFunctions(DeliveryService deliveries, ILogger<DeliveryFunctions> logger)
{
    private const string InvitationsPoison = QueueNames.Invitations + "-poison";
    private const string OtpDeliveriesPoison = QueueNames.OtpDeliveries + "-poison";

    [Function("SendInvitation")]
    public Task SendInvitation([QueueTrigger(QueueNames.Invitations)] DeliveryMessage message, CancellationToken cancellationToken) =>
        SendAsync(QueueNames.Invitations, message, cancellationToken);

    [Function("MarkInvitationFailed")]
    public Task MarkInvitationFailed([QueueTrigger(InvitationsPoison)] DeliveryMessage message, CancellationToken cancellationToken) =>
        MarkUndeliverableAsync(InvitationsPoison, message, cancellationToken);

    [Function("SendOtp")]
    public Task SendOtp([QueueTrigger(QueueNames.OtpDeliveries)] DeliveryMessage message, CancellationToken cancellationToken) =>
        SendAsync(QueueNames.OtpDeliveries, message, cancellationToken);

    [Function("MarkOtpDeliveryFailed")]
    public Task MarkOtpDeliveryFailed([QueueTrigger(OtpDeliveriesPoison)] DeliveryMessage message, CancellationToken cancellationToken) =>
        MarkUndeliverableAsync(OtpDeliveriesPoison, message, cancellationToken);

    private Task SendAsync(string queue, DeliveryMessage? message, CancellationToken cancellationToken) =>
        HandleAsync(queue, message, () => deliveries.SendAsync(message, cancellationToken));

    private Task MarkUndeliverableAsync(string queue, DeliveryMessage? message, CancellationToken cancellationToken) =>
        HandleAsync(queue, message, () => deliveries.MarkUndeliverableAsync(message, cancellationToken));

    private async Task HandleAsync(string queue, DeliveryMessage? message, Func<Task<DeliveryWorkResult>> work)
    {
        using var trace = QueueTrace.Process(queue, message?.Traceparent);
        var result = await work();
        LogResult(queue, message?.Kind, message?.ParticipantId, message?.SessionId, result.Status, result.Why);
    }

    [LoggerMessage(LogLevel.Information, "{Queue}: {Kind} of participant {ParticipantId} in session {SessionId}: {Status}, {Why}")]
    private partial void LogResult(string queue, string? kind, string? participantId, string? sessionId, DeliveryWorkStatus status, string why);
}
