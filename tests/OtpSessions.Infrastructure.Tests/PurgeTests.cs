using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using OtpSessions.Core.Events;
using OtpSessions.Core.Policy;
using OtpSessions.Infrastructure.Sessions;
using OtpSessions.Infrastructure.Storage;

namespace OtpSessions.Infrastructure.Tests;

/// <summary>Its own Azurite: a purge sweeps whole tables, so it must not meet other tests' rows.</summary>
public sealed class PurgeTests(StorageFixture storage) : IClassFixture<StorageFixture>
{
    [Fact]
    public async Task Purge_removes_expired_rows_of_every_table_in_batches_and_keeps_live_ones()
    {
        var app = new SessionTestApp(storage);
        var agent = SessionTestApp.Agent();
        var shortLived = await app.StartAsync(agent, key: "k1");
        var sessions = storage.Tables.GetTableClient(TableNames.Sessions);
        // A partition bigger than one transaction: 250 more expiring rows in the short-lived session.
        for (var i = 0; i < 250; i += 50)
        {
            await sessions.SubmitTransactionAsync(Enumerable.Range(i, 50).Select(n => new TableTransactionAction(TableTransactionActionType.Add,
                new TableEntity(shortLived.SessionId, $"audit|filler|{n:D3}") { ["ExpiresAt"] = shortLived.ExpiresAt })));
        }
        await app.SetTeamPolicyAsync("retail", new PolicyOverrides { MaxAttempts = 3 });
        var before = await storage.RowsAsync(TableNames.Sessions, shortLived.SessionId);
        var outboxBefore = before.Where(r => r.RowKey.StartsWith(SessionRowKeys.OutboxPrefix, StringComparison.Ordinal)).Select(r => r.RowKey).ToList();
        Assert.NotEmpty(outboxBefore); // session.started at least, not yet published
        var expiredRows = before.Count - outboxBefore.Count;

        app.Time.SetUtcNow(shortLived.ExpiresAt - TimeSpan.FromDays(1));
        var longLived = await app.StartAsync(agent);
        app.Time.SetUtcNow(shortLived.ExpiresAt);
        var counts = await new TableExpiredRowPurger(storage.Tables, app.Time).PurgeAsync(CancellationToken.None);

        var removed = counts.ToDictionary(c => c.Table, c => c.Rows);
        Assert.Equal(expiredRows, removed[TableNames.Sessions]);
        Assert.Equal(1, removed[TableNames.Idempotency]);
        Assert.Equal(0, removed[TableNames.Policies]);
        // Only the outbox is left: the unpublished events plus the session.expired event of the purge.
        var left = await storage.RowsAsync(TableNames.Sessions, shortLived.SessionId);
        Assert.All(left, r => Assert.StartsWith(SessionRowKeys.OutboxPrefix, r.RowKey, StringComparison.Ordinal));
        Assert.Equal(outboxBefore, left.Select(r => r.RowKey).Intersect(outboxBefore).ToList());
        var expired = Assert.Single(left, r => r.GetString("Type") == EventTypes.SessionExpired);
        Assert.Contains(shortLived.SessionId, expired.GetString("Data"), StringComparison.Ordinal);
        Assert.Null(await app.Sessions.LoadSessionAsync(shortLived.SessionId, CancellationToken.None));
        Assert.NotNull(await app.Sessions.LoadSessionAsync(longLived.SessionId, CancellationToken.None));
        Assert.NotNull(await app.Policies.FindAsync("retail", CancellationToken.None));

        var again = await new TableExpiredRowPurger(storage.Tables, app.Time).PurgeAsync(CancellationToken.None);
        Assert.All(again, c => Assert.Equal(0, c.Rows));
    }

    [Fact]
    public async Task Purge_of_a_missing_table_removes_nothing_and_does_not_fail()
    {
        var empty = new StorageFixture();
        await empty.Azurite.InitializeAsync();
        try
        {
            var counts = await new TableExpiredRowPurger(empty.Azurite.Tables(), new FakeTimeProvider()).PurgeAsync(CancellationToken.None);
            Assert.All(counts, c => Assert.Equal(0, c.Rows));
        }
        finally
        {
            await empty.DisposeAsync();
        }
    }
}
