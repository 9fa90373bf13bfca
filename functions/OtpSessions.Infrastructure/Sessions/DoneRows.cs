namespace OtpSessions.Infrastructure.Sessions;

/// <summary>
/// Rows of work this process has carried out — events the broker accepted, queue messages it enqueued — waiting to be
/// deleted, per session. They go in one transaction: with the session's next commit when that comes first
/// (<see cref="Take"/>: no request of their own), else once they have waited <see cref="FlushDelay"/>
/// (<see cref="TakeDue"/>, by the storage adapter's flusher). Memory only: rows a process never deleted (it stopped, a
/// delete failed) are found by the sweeps after their grace, which carry them out once more — the broker drops a
/// repeated MessageId, a queue consumer finds its work done — and delete them.
/// </summary>
public sealed class DoneRows(TimeProvider time) : IPublishedEvents
{
    /// <summary>How long done rows wait for the session's next commit; well below the sweeps' grace.</summary>
    public static readonly TimeSpan FlushDelay = TimeSpan.FromSeconds(5);

    /// <summary>Past this many waiting rows, new ones are left to the sweeps (storage is failing; memory stays bounded).</summary>
    public const int MaxWaiting = 100_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (DateTimeOffset Since, List<string> RowKeys)> _waiting = new(StringComparer.Ordinal);
    private int _count;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    public void Add(string sessionId, IEnumerable<string> rowKeys)
    {
        ArgumentNullException.ThrowIfNull(rowKeys);
        var keys = rowKeys.ToList();
        if (keys.Count == 0)
        {
            return;
        }
        lock (_gate)
        {
            if (_count + keys.Count > MaxWaiting)
            {
                return;
            }
            if (_waiting.TryGetValue(sessionId, out var entry))
            {
                entry.RowKeys.AddRange(keys);
            }
            else
            {
                _waiting[sessionId] = (time.GetUtcNow(), keys);
            }
            _count += keys.Count;
        }
    }

    void IPublishedEvents.Add(string sessionId, IReadOnlyCollection<string> eventIds) =>
        Add(sessionId, eventIds.Select(SessionRowKeys.Outbox));

    /// <summary>The published events of one session still waiting; its other waiting rows keep waiting.</summary>
    IReadOnlyCollection<string> IPublishedEvents.Take(string sessionId)
    {
        var rows = Take(sessionId, int.MaxValue);
        Add(sessionId, rows.Where(r => !r.StartsWith(SessionRowKeys.OutboxPrefix, StringComparison.Ordinal)));
        return [.. rows.Where(r => r.StartsWith(SessionRowKeys.OutboxPrefix, StringComparison.Ordinal)).Select(r => r[SessionRowKeys.OutboxPrefix.Length..])];
    }

    /// <summary>Up to <paramref name="max"/> waiting rows of one session (for its commit); the rest keep waiting.</summary>
    public IReadOnlyList<string> Take(string sessionId, int max)
    {
        lock (_gate)
        {
            if (max <= 0 || !_waiting.TryGetValue(sessionId, out var entry))
            {
                return [];
            }
            var taken = entry.RowKeys.Take(max).ToList();
            if (taken.Count == entry.RowKeys.Count)
            {
                _waiting.Remove(sessionId);
            }
            else
            {
                entry.RowKeys.RemoveRange(0, taken.Count);
            }
            _count -= taken.Count;
            return taken;
        }
    }

    /// <summary>The rows of every session that have waited <see cref="FlushDelay"/> (at most <paramref name="max"/> per session).</summary>
    public IReadOnlyList<(string SessionId, IReadOnlyList<string> RowKeys)> TakeDue(int max)
    {
        var due = time.GetUtcNow() - FlushDelay;
        List<string> sessions;
        lock (_gate)
        {
            sessions = [.. _waiting.Where(w => w.Value.Since <= due).Select(w => w.Key)];
        }
        return [.. sessions.Select(s => (s, Take(s, max))).Where(s => s.Item2.Count > 0)];
    }
}
