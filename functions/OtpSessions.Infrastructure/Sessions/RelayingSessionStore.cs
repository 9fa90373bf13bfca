using OtpSessions.Core.Insights;

namespace OtpSessions.Infrastructure.Sessions;

/// <summary>
/// The session store as the application uses it. A commit (<see cref="TableSessionStore"/>, one entity-group
/// transaction) also deletes the rows of earlier work this process has finished for the session
/// (<see cref="DoneRows"/>), and is followed at once by what it implies: its queue messages are enqueued
/// (<see cref="PendingWorkRelay"/>; the request returns once they are on their queues) and its events are published
/// right after, in the background (<see cref="OutboxDispatcher.PublishCommittedAsync"/>), so the request does not wait
/// for the broker; the insights projection collects them (<see cref="InsightsFeed"/>). Whatever fails, or whatever a process that stopped never did, the sweeps carry out after their grace:
/// the commit wrote it down first.
/// </summary>
public sealed partial class RelayingSessionStore(
    TableSessionStore rows, PendingWorkRelay work, OutboxDispatcher events, DoneRows done, InsightsFeed insights,
    ILogger<RelayingSessionStore> logger) : ISessionStore
{
    public Task<SessionSnapshot?> LoadSessionAsync(string sessionId, CancellationToken cancellationToken) => rows.LoadSessionAsync(sessionId, cancellationToken);

    public Task<ParticipantSnapshot?> LoadParticipantAsync(string sessionId, string participantId, CancellationToken cancellationToken) =>
        rows.LoadParticipantAsync(sessionId, participantId, cancellationToken);

    public Task<ParticipantWithTerms?> LoadParticipantWithTermsAsync(string sessionId, string participantId, CancellationToken cancellationToken) =>
        rows.LoadParticipantWithTermsAsync(sessionId, participantId, cancellationToken);

    public async Task CommitAsync(SessionChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var finished = done.Take(change.SessionId, TableSessionStore.MaxTransactionRows - change.RowCount);
        try
        {
            await rows.CommitAsync(change, finished, cancellationToken);
        }
        catch
        {
            done.Add(change.SessionId, finished);
            throw;
        }
        insights.Add(change);
        if (change.Work.Count > 0)
        {
            await work.RelayAsync(change.SessionId, change.Work, cancellationToken);
        }
        if (change.Events.Count > 0)
        {
            _ = Task.Run(() => PublishAsync(change));
        }
    }

    private async Task PublishAsync(SessionChange change)
    {
        try
        {
            await events.PublishCommittedAsync(change.SessionId, change.Events, CancellationToken.None);
        }
        catch (Exception e)
        {
            LogPublishFailed(e, change.SessionId);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Publishing the events of a commit of session {SessionId} failed; the outbox sweep publishes them")]
    private partial void LogPublishFailed(Exception exception, string sessionId);
}
