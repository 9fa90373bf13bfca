using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OtpSessions.Core;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Functions.Sessions;

/// <summary>
/// The <c>invitations</c> queue: sends one invite link per message (a transient provider failure throws, so the host
/// retries and finally poisons the message); the <c>invitations-poison</c> queue marks such an invitation <c>failed</c>.
/// </summary>
public sealed partial class InvitationFunctions(InvitationService invitations, ILogger<InvitationFunctions> logger)
{
    [Function("SendInvitation")]
    public async Task Send([QueueTrigger(QueueNames.Invitations)] InvitationMessage message, CancellationToken cancellationToken)
    {
        using var trace = QueueTrace.Process(QueueNames.Invitations, message?.Traceparent);
        var result = await invitations.SendAsync(message, cancellationToken);
        LogResult(message?.SessionId, message?.ParticipantId, message?.Attempt ?? 0, result.Status, result.Why);
    }

    [Function("MarkInvitationFailed")]
    public async Task MarkFailed([QueueTrigger(QueueNames.Invitations + "-poison")] InvitationMessage message, CancellationToken cancellationToken)
    {
        using var trace = QueueTrace.Process(QueueNames.Invitations + "-poison", message?.Traceparent);
        var result = await invitations.MarkUndeliverableAsync(message, cancellationToken);
        LogResult(message?.SessionId, message?.ParticipantId, message?.Attempt ?? 0, result.Status, result.Why);
    }

    [LoggerMessage(LogLevel.Information, "Invitation of participant {ParticipantId} in session {SessionId} (attempt {Attempt}): {Status}, {Why}")]
    private partial void LogResult(string? sessionId, string? participantId, int attempt, DeliveryWorkStatus status, string why);
}
