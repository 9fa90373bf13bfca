
namespace OtpSessions.Core.Otp;

/// <summary>The answer of <see cref="OtpRules.CanAgentView"/>.</summary>
public abstract record AgentViewResult
{
    /// <summary>The agent may see the code: unprotect it with <see cref="ICodeProtector.TryUnprotect"/>, audit, emit <c>otp.viewed</c>.</summary>
    public sealed record Allowed(string CodeId, string ProtectedCode, DateTimeOffset ExpiresAt) : AgentViewResult
    {
        public override string ToString() => $"Allowed {{ CodeId = {CodeId}, ExpiresAt = {ExpiresAt:O} }}";
    }

    /// <param name="Refusal">Why not.</param>
    /// <param name="ViewableAt">
    /// For <see cref="OtpRefusalReason.DeliveryPending"/> of a code already sent: when it becomes viewable unless a
    /// delivery report confirms it first; null otherwise (a queued send has not started the wait).
    /// </param>
    public sealed record Refused(OtpRefusal Refusal, DateTimeOffset? ViewableAt = null) : AgentViewResult;
}
