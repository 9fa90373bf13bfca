using System.Security.Cryptography;

namespace OtpSessions.Core.Sessions;

/// <summary>
/// A queue message that a state change implies (an invitation to send, a code to deliver). It is written as a
/// <c>work|{id}</c> row of the session partition in the change's own transaction, so the commit and the promise to send
/// stand or fall together; it is relayed to its queue right after the commit (and its row deleted), and a sweep relays
/// whatever a failed enqueue or a dead process left behind. The queue consumers check the state and send with
/// repeatability ids, so a message relayed twice sends once. <see cref="MessageJson"/> holds ids only.
/// </summary>
public sealed record PendingWork(string WorkId, string SessionId, string Queue, string MessageJson, DateTimeOffset Time)
{
    public string RowKey => SessionRowKeys.Work(WorkId);

    /// <summary>Time-ordered and unique: ticks then random hex.</summary>
    public static string NewId(DateTimeOffset time) => $"{time.UtcTicks:D19}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
}

/// <summary>Port: the <c>work|</c> rows of the <c>sessions</c> table.</summary>
public interface IPendingWorkStore
{
    /// <summary>Pending work of every session (one cross-partition query), at most <paramref name="limit"/> rows.</summary>
    Task<IReadOnlyList<PendingWork>> ListAllAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Deletes relayed rows of one session (one transaction; rows already gone are fine).</summary>
    Task DeleteAsync(string sessionId, IReadOnlyList<PendingWork> work, CancellationToken cancellationToken);
}
