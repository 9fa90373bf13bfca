namespace OtpSessions.Infrastructure.Sessions;

/// <summary>
/// Carries out the <see cref="PendingWork"/> a commit recorded: right after the commit (<see cref="RelayAsync"/>, called by
/// <see cref="RelayingSessionStore"/>; the rows of what was enqueued are handed to <see cref="DoneRows"/>, deleted in one
/// transaction, usually with the session's next commit) and, for whatever that left behind (a queue that failed, a
/// process that died), by <see cref="SweepAsync"/> on a timer (enqueued, then deleted in one transaction per session).
/// A message may so be enqueued twice, never lost; its consumer sends it once. Every message goes as it was committed
/// (one shape, <c>DeliveryMessage</c>) to the queue its row names, through the one <see cref="IWorkQueue"/>.
/// </summary>
public sealed partial class PendingWorkRelay(
    IPendingWorkStore store, IWorkQueue queue, DoneRows done, TimeProvider time,
    ILogger<PendingWorkRelay> logger)
{
    /// <summary>Rows younger than this belong to the request that committed them.</summary>
    public static readonly TimeSpan SweepGrace = TimeSpan.FromSeconds(30);

    public const int SweepLimit = 1000;

    /// <summary>Enqueues the work of one commit; the rows of what was enqueued are done. Never throws: what failed stays for the sweep.</summary>
    public async Task<int> RelayAsync(string sessionId, IReadOnlyList<PendingWork> work, CancellationToken cancellationToken)
    {
        var sent = await SendAllAsync(sessionId, work, cancellationToken);
        done.Add(sessionId, sent.Select(w => SessionRowKeys.Work(w.WorkId)));
        return sent.Count;
    }

    /// <summary>Enqueues what is left of one session's work and deletes the rows of what was enqueued (one transaction).</summary>
    private async Task<int> RelayLeftoverAsync(string sessionId, IReadOnlyList<PendingWork> work, CancellationToken cancellationToken)
    {
        var enqueued = await SendAllAsync(sessionId, work, cancellationToken);
        try
        {
            await store.DeleteAsync(sessionId, enqueued, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Enqueued but still recorded: the next sweep enqueues it again, and its consumer finds it done.
            LogDeleteFailed(e, sessionId);
        }
        return enqueued.Count;
    }

    private async Task<List<PendingWork>> SendAllAsync(string sessionId, IReadOnlyList<PendingWork> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (work.Count == 0)
        {
            return [];
        }
        var sent = await Task.WhenAll(work.Select(async w =>
        {
            try
            {
                await queue.SendAsync(w.Queue, w.MessageJson, cancellationToken);
                return w;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogRelayFailed(e, w.Queue, w.WorkId, sessionId);
                return null;
            }
        }));
        return sent.OfType<PendingWork>().ToList();
    }

    /// <summary>Relays every row older than <see cref="SweepGrace"/>, session by session.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = (await store.ListAllAsync(SweepLimit, cancellationToken)).Where(w => now - w.Time >= SweepGrace);
        var relayed = 0;
        foreach (var session in due.GroupBy(w => w.SessionId, StringComparer.Ordinal))
        {
            relayed += await RelayLeftoverAsync(session.Key, [.. session], cancellationToken);
        }
        if (relayed > 0)
        {
            LogSwept(relayed);
        }
        return relayed;
    }

    [LoggerMessage(LogLevel.Warning, "Enqueueing {Queue} work {WorkId} of session {SessionId} failed; the sweep relays it")]
    private partial void LogRelayFailed(Exception exception, string queue, string workId, string sessionId);

    [LoggerMessage(LogLevel.Warning, "Relayed work of session {SessionId} could not be deleted; the sweep enqueues it again (its consumer finds it done)")]
    private partial void LogDeleteFailed(Exception exception, string sessionId);

    [LoggerMessage(LogLevel.Information, "Pending-work sweep relayed {Relayed} messages")]
    private partial void LogSwept(int relayed);
}
