using OtpSessions.Infrastructure.Events;

namespace OtpSessions.Infrastructure.Sessions;

/// <summary>
/// <see cref="ISessionStore"/> on the <c>sessions</c> table, storage only. One partition per session (PK = session id):
/// the <c>session</c> row, a <c>participant|{id}</c> row per participant with its <c>otp-delivery|{id}</c> row, and the
/// <c>outbox|{eventId}</c>, <c>work|{id}</c> and <c>audit|{time}|{id}</c> rows of its changes (every key:
/// <see cref="SessionRowKeys"/>). Every participant row also carries the session's terms (columns prefixed
/// <c>Session</c>, <see cref="SessionEntities.CarriedTerms"/>), so a customer request reads one row by its keys; rows past
/// their <c>ExpiresAt</c> are treated as absent. Loads are one query or point read each; a <see cref="SessionChange"/> is
/// one entity-group transaction (inserts, ETag-checked replaces, outbox, pending-work and audit inserts, plus deletes of
/// rows whose work is done). What a commit implies is carried out by <see cref="RelayingSessionStore"/>, which the
/// application uses.
/// </summary>
public sealed class TableSessionStore(TableServiceClient tables, TimeProvider time) : ISessionStore
{
    /// <summary>The entity-group transaction limit of Table Storage.</summary>
    public const int MaxTransactionRows = 100;

    private readonly TableClient _table = tables.GetTableClient(TableNames.Sessions);

    public async Task<SessionSnapshot?> LoadSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        var participants = SessionRowKeys.ParticipantPrefix;
        var deliveries = SessionRowKeys.OtpDeliveryPrefix;
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {sessionId} and (RowKey eq {SessionRowKeys.Session} or (RowKey ge {participants} and RowKey lt {SessionRowKeys.RangeEnd(participants)}) or (RowKey ge {deliveries} and RowKey lt {SessionRowKeys.RangeEnd(deliveries)}))");
        var rows = await QueryAsync(filter, cancellationToken);
        var now = time.GetUtcNow();
        var sessionRow = rows.FirstOrDefault(r => r.RowKey == SessionRowKeys.Session);
        if (sessionRow is null || SessionEntities.IsExpired(sessionRow, now))
        {
            return null;
        }
        var deliveryRows = rows.Where(r => SessionEntities.IsOtpDeliveryRow(r.RowKey)).ToDictionary(r => r.RowKey, StringComparer.Ordinal);
        return new SessionSnapshot(SessionEntities.ToSession(sessionRow),
            [.. rows.Where(r => SessionEntities.IsParticipantRow(r.RowKey) && !SessionEntities.IsExpired(r, now))
                .Select(r => SessionEntities.ToParticipant(r, deliveryRows.GetValueOrDefault(SessionRowKeys.OtpDelivery(r.GetString("ParticipantId")))))]);
    }

    public async Task<ParticipantSnapshot?> LoadParticipantAsync(string sessionId, string participantId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {sessionId} and (RowKey eq {SessionRowKeys.Session} or RowKey eq {SessionRowKeys.Participant(participantId)} or RowKey eq {SessionRowKeys.OtpDelivery(participantId)})");
        var rows = await QueryAsync(filter, cancellationToken);
        var now = time.GetUtcNow();
        var sessionRow = rows.FirstOrDefault(r => r.RowKey == SessionRowKeys.Session);
        var participantRow = rows.FirstOrDefault(r => SessionEntities.IsParticipantRow(r.RowKey));
        return sessionRow is null || participantRow is null || SessionEntities.IsExpired(sessionRow, now) || SessionEntities.IsExpired(participantRow, now)
            ? null
            : new ParticipantSnapshot(SessionEntities.ToSession(sessionRow),
                SessionEntities.ToParticipant(participantRow, rows.FirstOrDefault(r => SessionEntities.IsOtpDeliveryRow(r.RowKey))));
    }

    public async Task<ParticipantWithTerms?> LoadParticipantWithTermsAsync(string sessionId, string participantId, CancellationToken cancellationToken)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(sessionId, SessionRowKeys.Participant(participantId), cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return null;
        }
        var row = found.Value!;
        if (SessionEntities.CarriedTerms(row) is not { } terms)
        {
            // A row written without the terms (none of this version's commits): the session row is read with it.
            return await LoadParticipantAsync(sessionId, participantId, cancellationToken) is { } whole
                ? new ParticipantWithTerms(whole.Session.AsTerms(), whole.Participant)
                : null;
        }
        var now = time.GetUtcNow();
        return SessionEntities.IsExpired(row, now) || terms.ExpiresAt <= now
            ? null
            : new ParticipantWithTerms(terms, SessionEntities.ToParticipant(row));
    }

    public Task CommitAsync(SessionChange change, CancellationToken cancellationToken) => CommitAsync(change, [], cancellationToken);

    /// <summary>
    /// Commits <paramref name="change"/> and, in the same transaction, deletes <paramref name="doneRows"/> of its session
    /// (outbox and pending-work rows whose work is done). A done row someone else deleted first fails the whole
    /// transaction (404), which is then submitted again without the done rows.
    /// </summary>
    public async Task CommitAsync(SessionChange change, IReadOnlyCollection<string> doneRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(doneRows);
        var actions = ToActions(change);
        if (actions.Count == 0)
        {
            return;
        }
        var changeRows = actions.Count;
        actions.AddRange(doneRows.Select(rowKey => Delete(change.SessionId, rowKey)));
        if (actions.Count > MaxTransactionRows)
        {
            throw new InvalidOperationException($"A session change may hold at most {MaxTransactionRows} rows; this one has {actions.Count}.");
        }
        try
        {
            try
            {
                await _table.SubmitTransactionAsync(actions, cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status == 404 && changeRows < actions.Count
                && (e.FailedTransactionActionIndex is null || e.FailedTransactionActionIndex >= changeRows))
            {
                await _table.SubmitTransactionAsync(actions.Take(changeRows), cancellationToken);
            }
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            // 412: an ETag no longer matches; 409: an inserted row exists; 404: a replaced row is gone. Nothing was written.
            throw new ConcurrencyConflictException($"Session {change.SessionId} changed meanwhile (HTTP {e.Status}).", e);
        }
    }

    /// <summary>Deletes rows of one session whose work is done, in one transaction (≤ 100); rows already gone are fine.</summary>
    public async Task DeleteAsync(string sessionId, IReadOnlyCollection<string> rowKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rowKeys);
        if (rowKeys.Count == 0)
        {
            return;
        }
        try
        {
            await _table.SubmitTransactionAsync(rowKeys.Select(rowKey => Delete(sessionId, rowKey)), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Someone (a sweep, another instance) deleted one first: delete the rest one by one.
            foreach (var rowKey in rowKeys)
            {
                try
                {
                    await _table.DeleteEntityAsync(sessionId, rowKey, ETag.All, cancellationToken);
                }
                catch (RequestFailedException gone) when (gone.Status == 404)
                {
                }
            }
        }
    }

    private static TableTransactionAction Delete(string sessionId, string rowKey) =>
        new(TableTransactionActionType.Delete, new TableEntity(sessionId, rowKey), ETag.All);

    /// <summary>The transaction of a change, in a fixed order: session, participants, delivery records, outbox, pending work, audit.</summary>
    public static List<TableTransactionAction> ToActions(SessionChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var actions = new List<TableTransactionAction>(change.RowCount);
        // The session row as written, or the terms the participant rows carry: mapped once per change.
        var sessionRow = change.Session is { } written ? SessionEntities.ToEntity(written)
            : change.SessionTerms is { } terms ? SessionEntities.ToEntity(terms) : null;
        if (change.Session is { } session)
        {
            if (session.SessionId != change.SessionId)
            {
                throw new InvalidOperationException("A session change can only write its own session row.");
            }
            actions.Add(SessionEntities.Write(sessionRow!, session.Version));
        }
        foreach (var participant in change.Participants)
        {
            if (participant.SessionId != change.SessionId)
            {
                throw new InvalidOperationException("A session change can only write participants of its own session.");
            }
            actions.Add(SessionEntities.Write(SessionEntities.ToEntity(participant, change.ExpiresAt, sessionRow), participant.Version));
        }
        foreach (var delivery in change.Deliveries)
        {
            actions.Add(SessionEntities.Write(SessionEntities.ToEntity(change.SessionId, delivery, change.ExpiresAt), delivery.Delivery.Version));
        }
        foreach (var e in change.Events)
        {
            OutboxEntity.AddTo(actions, e, change.ExpiresAt);
        }
        foreach (var work in change.Work)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, TablePendingWorkStore.ToEntity(work, change.ExpiresAt)));
        }
        foreach (var audit in change.Audit)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, SessionEntities.ToEntity(change.SessionId, audit, change.ExpiresAt)));
        }
        return actions;
    }

    private async Task<List<TableEntity>> QueryAsync(string filter, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }
        return rows;
    }
}
