using Microsoft.Extensions.Hosting;

namespace OtpSessions.Infrastructure.Sessions;

/// <summary>
/// Deletes the <see cref="DoneRows"/> no commit took along once they have waited <see cref="DoneRows.FlushDelay"/>: one
/// transaction per session, checked twice a second. A failed delete leaves the rows to the sweeps.
/// </summary>
public sealed partial class DoneRowsFlusher(DoneRows done, TableSessionStore sessions, TimeProvider time, ILogger<DoneRowsFlusher> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>Deletes what is due now; returns how many rows.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var (sessionId, rowKeys) in done.TakeDue(TableSessionStore.MaxTransactionRows))
        {
            try
            {
                await sessions.DeleteAsync(sessionId, rowKeys, cancellationToken);
                deleted += rowKeys.Count;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogFlushFailed(e, sessionId, rowKeys.Count);
            }
        }
        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(LogLevel.Warning, "Deleting {Rows} done rows of session {SessionId} failed; the sweeps find them")]
    private partial void LogFlushFailed(Exception exception, string sessionId, int rows);
}
