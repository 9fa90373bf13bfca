namespace OtpSessions.Core.Evidence;

/// <summary>
/// Port: what the evidence is built from and where a final record is kept. <see cref="LoadTrailAsync"/> reads the
/// session's stored trail (one request, expired or not, until its rows are purged); the kept records live apart from
/// the session for the retention (<see cref="EvidenceOptions.RetentionDays"/>) and are treated as absent once past it.
/// </summary>
public interface IEvidenceStore
{
    /// <summary>The session, its participants and its audit records as stored; null when the session row is gone.</summary>
    Task<EvidenceTrail?> LoadTrailAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>The session's kept final record; null when none was kept or it is past its retention.</summary>
    Task<KeptEvidence?> FindKeptAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Keeps <paramref name="evidence"/> unless a record of the session is kept already (the first one stays); false then.</summary>
    Task<bool> KeepAsync(KeptEvidence evidence, CancellationToken cancellationToken);
}
