namespace OtpSessions.Core.Sessions;

/// <summary>
/// Port: told about a session whose rows are about to be purged (they expired), before any of them goes, so that what
/// must outlive the session can be kept (the signed evidence: <c>Evidence.EvidenceService</c>). Called at least once
/// per expired session; it must be idempotent.
/// </summary>
public interface IExpiringSessionKeeper
{
    Task KeepAsync(string sessionId, CancellationToken cancellationToken);
}
