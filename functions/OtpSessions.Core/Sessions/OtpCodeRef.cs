using System.Diagnostics.CodeAnalysis;

namespace OtpSessions.Core.Sessions;

/// <summary>The active code of a participant: its id and expiry, its protected value and send counts.</summary>
public sealed record OtpCodeRef(string CodeId, DateTimeOffset ExpiresAt)
{
    /// <summary>The code as <c>ICodeProtector.Protect</c> returned it (AES-GCM, bound to its session, participant and <see cref="CodeId"/>, naming its key); never the code itself.</summary>
    public string? ProtectedCode { get; init; }

    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary>How many times this code was handed to delivery (1 = first send, 2 = first resend, …).</summary>
    public int Sends { get; init; }

    /// <summary>The highest send number the provider accepted: a queue message finds nothing left to do once it reaches <see cref="Sends"/>.</summary>
    public int SendsAccepted { get; init; }

    /// <summary>
    /// The id of send number <paramref name="send"/> of this code: the sender's idempotency id (a retried queue message
    /// never sends twice, a resend is a new message) and what its <c>deliveries</c> row names, so a delivery report
    /// applies to its own send only.
    /// </summary>
    public string SendId(int send) => $"code:{CodeId}:{send}";

    /// <summary>The id of the latest send (<see cref="Sends"/>): the only one whose delivery report still counts.</summary>
    public string LatestSendId => SendId(Sends);

    /// <summary>Without the protected value: safe if a record ends up in a log.</summary>
    public override string ToString() =>
        $"OtpCodeRef {{ CodeId = {CodeId}, ExpiresAt = {ExpiresAt:O}, Sends = {Sends}, SendsAccepted = {SendsAccepted} }}";
}
