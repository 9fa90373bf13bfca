using OtpSessions.Core.Auth;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Evidence;

/// <summary>
/// A session's signed evidence: the record built from the session's stored trail (<see cref="EvidenceRecord"/>) while
/// the session's rows exist, else the final record kept when it expired (<see cref="KeepAsync"/>), signed on every
/// request (the payload bytes are the same each time; the signature need not be). The owner, or a supervisor or admin
/// of its team (<see cref="SessionAccess.CanRead"/>); anyone else is told the session does not exist.
/// </summary>
public sealed class EvidenceService(IEvidenceStore store, IEvidenceSigner signer, IOptions<EvidenceOptions> options, TimeProvider time)
    : IExpiringSessionKeeper
{
    public async Task<Outcome<SignedEvidence>> GetAsync(AgentPrincipal agent, string sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        byte[] payload;
        if (await store.LoadTrailAsync(sessionId, cancellationToken) is { } trail)
        {
            if (!SessionAccess.CanRead(agent, trail.Session.AgentId, trail.Session.Team))
            {
                return Failure.SessionNotFound();
            }
            payload = EvidenceRecord.Build(trail, options.Value.Issuer);
        }
        else if (await store.FindKeptAsync(sessionId, cancellationToken) is { } kept && SessionAccess.CanRead(agent, kept.AgentId, kept.Team))
        {
            payload = kept.Payload;
        }
        else
        {
            return Failure.SessionNotFound();
        }
        return new SignedEvidence(sessionId, payload, await signer.SignAsync(payload, cancellationToken));
    }

    public Task<EvidenceKeySet> KeysAsync(CancellationToken cancellationToken) => signer.KeysAsync(cancellationToken);

    /// <summary>
    /// Keeps the session's final record before its rows are purged, for <see cref="EvidenceOptions.RetentionDays"/>: once
    /// (a record kept already stays — the first is built from the whole trail), nothing when the session row is gone.
    /// </summary>
    public async Task KeepAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (await store.FindKeptAsync(sessionId, cancellationToken) is not null
            || await store.LoadTrailAsync(sessionId, cancellationToken) is not { } trail)
        {
            return;
        }
        var now = time.GetUtcNow();
        var session = trail.Session;
        await store.KeepAsync(new KeptEvidence(session.SessionId, session.AgentId, session.Team, EvidenceRecord.Build(trail, options.Value.Issuer),
            now, now.AddDays(options.Value.RetentionDays)), cancellationToken);
    }
}
