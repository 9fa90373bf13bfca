using OtpSessions.Core.Auth;
using OtpSessions.Core.Events;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Join;

/// <summary>
/// The agent's OTP view (manual OTP, or the fallback when Auto OTP did not arrive): the code in clear, only when the
/// policy allows agents to see codes, the participant has reached the OTP page and an unexpired, unused code exists,
/// and an Auto OTP code did not arrive (<see cref="OtpRules.CanAgentView"/>, decided again on every request).
/// Each view writes an audit row and the event <c>otp.viewed</c> in one transaction before the code is returned.
/// Ownership as in the rest of the agent API: anyone but the owner or a supervisor of its team gets
/// <c>session_not_found</c>.
/// </summary>
public sealed class AgentOtpService(ISessionStore sessions, ICodeProtector protector, TimeProvider time)
{
    public async Task<Outcome<OtpCodeView>> ViewAsync(AgentPrincipal agent, string sessionId, string participantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var snapshot = await sessions.LoadParticipantAsync(sessionId, participantId, cancellationToken);
        if (snapshot is null)
        {
            // Only on this path: tell an unknown participant of an owned session from an unknown session.
            var whole = await sessions.LoadSessionAsync(sessionId, cancellationToken);
            return whole is not null && SessionAccess.CanAct(agent, whole.Session.AgentId, whole.Session.Team)
                ? Failure.ParticipantNotFound()
                : Failure.SessionNotFound();
        }
        var (session, p) = snapshot;
        if (!SessionAccess.CanAct(agent, session.AgentId, session.Team))
        {
            return Failure.SessionNotFound();
        }
        var now = time.GetUtcNow();
        switch (p.AgentView(session, now))
        {
            case AgentViewResult.Allowed allowed when protector.TryUnprotect(allowed.ProtectedCode, new CodeBinding(session.SessionId, p.ParticipantId, allowed.CodeId), out var code):
                var data = new OtpViewedData(session.SessionId, session.Reference, p.ParticipantId, agent.EventId, allowed.CodeId);
                await sessions.CommitAsync(new SessionChange(session)
                    .Emit(EventTypes.OtpViewed, now, data)
                    .Record(JoinAuditActions.OtpViewed, agent.Subject, now, p.ParticipantId, data), cancellationToken);
                return new OtpCodeView(code, allowed.ExpiresAt);
            case AgentViewResult.Refused refused:
                return refused.Refusal.ToFailure();
            default:
                return new OtpRefusal(OtpRefusalReason.NotAvailable).ToFailure();
        }
    }
}
