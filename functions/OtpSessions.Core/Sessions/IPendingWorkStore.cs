namespace OtpSessions.Core.Sessions;

/// <summary>Port: the pending work of every session, as committed with the sessions' changes.</summary>
public interface IPendingWorkStore
{
    /// <summary>Pending work of every session (one storage request), at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<PendingWork>> ListAllAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Removes relayed work of one session (all at once; work already gone is fine).</summary>
    Task DeleteAsync(string sessionId, IReadOnlyList<PendingWork> work, CancellationToken cancellationToken);
}
