using System.Text.Json.Serialization;

namespace OtpSessions.Core.Sessions;

/// <summary>The <c>invitations</c> queue message: ids only, never a token or an address.</summary>
/// <param name="Traceparent">W3C trace context of the request that queued it (<see cref="QueueTrace"/>); not a secret.</param>
public sealed record InvitationMessage(string SessionId, string ParticipantId, int Attempt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Traceparent = null);

/// <summary>Port: the <c>invitations</c> queue (base64 JSON).</summary>
public interface IInvitationQueue
{
    Task EnqueueAsync(InvitationMessage message, CancellationToken cancellationToken);
}
