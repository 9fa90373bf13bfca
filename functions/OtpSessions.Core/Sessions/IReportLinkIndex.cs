namespace OtpSessions.Core.Sessions;

/// <summary>
/// Port: finds the participant of a "not me" report token by the token's hash (a report token is short and names
/// nothing). Written before the participant's session commit (a link of a commit that failed finds no participant);
/// links expire with their session and are then absent.
/// </summary>
public interface IReportLinkIndex
{
    /// <summary>Stores the links (upsert: writing the same link twice is harmless).</summary>
    Task PutAsync(IReadOnlyList<ReportLink> links, CancellationToken cancellationToken);

    /// <summary>The link of <paramref name="tokenHash"/>; null when unknown or expired.</summary>
    Task<ReportLink?> FindAsync(string tokenHash, CancellationToken cancellationToken);
}
