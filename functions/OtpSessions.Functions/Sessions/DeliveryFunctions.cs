using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OtpSessions.Core;
using OtpSessions.Core.Join;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Functions.Sessions;

/// <summary>
/// The delivery worker, serving both delivery queues and their poison queues: <c>invitations</c> sends a participant's
/// invite link (<see cref="InvitationService"/>), <c>otp-deliveries</c> a participant's current code
/// (<see cref="OtpDeliveryService"/>), each through <see cref="DeliverySender"/>. A transient provider failure throws, so
/// the host retries and after <c>maxDequeueCount</c> attempts poisons the message; the <c>-poison</c> queues then mark
/// that delivery <c>failed</c>. Every message is handled the same way — traced under the trace that queued it, its
/// outcome logged by queue, ids and reason only, never a code, a link or an address.
/// </summary>
public sealed partial class DeliveryFunctions(
    InvitationService invitations, OtpDeliveryService codes, ILogger<DeliveryFunctions> logger)
{
    private const string InvitationsPoison = QueueNames.Invitations + "-poison";
    private const string OtpDeliveriesPoison = QueueNames.OtpDeliveries + "-poison";

    [Function("SendInvitation")]
    public Task SendInvitation([QueueTrigger(QueueNames.Invitations)] InvitationMessage message, CancellationToken cancellationToken) =>
        HandleAsync(QueueNames.Invitations, message, () => invitations.SendAsync(message, cancellationToken));

    [Function("MarkInvitationFailed")]
    public Task MarkInvitationFailed([QueueTrigger(InvitationsPoison)] InvitationMessage message, CancellationToken cancellationToken) =>
        HandleAsync(InvitationsPoison, message, () => invitations.MarkUndeliverableAsync(message, cancellationToken));

    [Function("SendOtp")]
    public Task SendOtp([QueueTrigger(QueueNames.OtpDeliveries)] OtpDeliveryMessage message, CancellationToken cancellationToken) =>
        HandleAsync(QueueNames.OtpDeliveries, message, () => codes.SendAsync(message, cancellationToken));

    [Function("MarkOtpDeliveryFailed")]
    public Task MarkOtpDeliveryFailed([QueueTrigger(OtpDeliveriesPoison)] OtpDeliveryMessage message, CancellationToken cancellationToken) =>
        HandleAsync(OtpDeliveriesPoison, message, () => codes.MarkUndeliverableAsync(message, cancellationToken));

    private Task HandleAsync(string queue, InvitationMessage? message, Func<Task<DeliveryWorkResult>> work) =>
        HandleAsync(queue, message?.Traceparent, message?.SessionId, message?.ParticipantId, $"attempt {message?.Attempt}", work);

    private Task HandleAsync(string queue, OtpDeliveryMessage? message, Func<Task<DeliveryWorkResult>> work) =>
        HandleAsync(queue, message?.Traceparent, message?.SessionId, message?.ParticipantId, $"code {message?.CodeId}", work);

    private async Task HandleAsync(
        string queue, string? traceparent, string? sessionId, string? participantId, string delivery, Func<Task<DeliveryWorkResult>> work)
    {
        using var trace = QueueTrace.Process(queue, traceparent);
        var result = await work();
        LogResult(queue, delivery, participantId, sessionId, result.Status, result.Why);
    }

    [LoggerMessage(LogLevel.Information, "{Queue}: {Delivery} of participant {ParticipantId} in session {SessionId}: {Status}, {Why}")]
    private partial void LogResult(string queue, string delivery, string? participantId, string? sessionId, DeliveryWorkStatus status, string why);
}
