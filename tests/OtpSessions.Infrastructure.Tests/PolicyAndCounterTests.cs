using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using OtpSessions.Core.Policy;
using OtpSessions.Infrastructure.Policy;
using OtpSessions.Testing;
using OtpSessions.Infrastructure.Storage;

namespace OtpSessions.Infrastructure.Tests;

[Collection(StorageCollection.Name)]
public sealed class TeamPolicyStoreTests(StorageFixture storage)
{
    private readonly SessionTestApp _app = new(storage);

    [Fact]
    public async Task A_team_row_overrides_only_the_values_it_sets()
    {
        var team = "team-" + Guid.NewGuid().ToString("N")[..8];
        await _app.SetTeamPolicyAsync(team, new PolicyOverrides { MaxAttempts = 3, ResendCooldown = TimeSpan.FromSeconds(45), AllowEmailOtp = false });

        var overrides = await _app.Policies.FindAsync(team, CancellationToken.None);
        var effective = overrides!.ApplyTo(new OtpPolicy());

        Assert.Equal(3, effective.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(45), effective.ResendCooldown);
        Assert.False(effective.AllowEmailOtp);
        Assert.Equal(new OtpPolicy().Lifetime, effective.Lifetime);
        Assert.Null(await _app.Policies.FindAsync("no-such-team-" + team, CancellationToken.None));
    }

    [Fact]
    public async Task A_save_over_a_stale_version_is_a_conflict_and_countries_round_trip()
    {
        var team = "team-" + Guid.NewGuid().ToString("N")[..8];
        await _app.Policies.SaveAsync(team, new PolicyOverrides { AllowedSmsCountries = ["US", "CA"] }, null, CancellationToken.None);
        var first = await _app.Policies.LoadAsync(team, CancellationToken.None);
        await _app.Policies.SaveAsync(team, first.Overrides with { MaxAttempts = 4 }, first.Version, CancellationToken.None);

        await Assert.ThrowsAsync<Core.Common.ConcurrencyConflictException>(() =>
            _app.Policies.SaveAsync(team, first.Overrides with { MaxAttempts = 2 }, first.Version, CancellationToken.None));
        await Assert.ThrowsAsync<Core.Common.ConcurrencyConflictException>(() =>
            _app.Policies.SaveAsync(team, new PolicyOverrides(), null, CancellationToken.None));

        var stored = (await _app.Policies.LoadAsync(team, CancellationToken.None)).Overrides;
        Assert.Equal(["US", "CA"], stored.AllowedSmsCountries);
        Assert.Equal(4, stored.MaxAttempts);
    }

    [Fact]
    public async Task Values_that_do_not_parse_or_are_out_of_range_are_ignored()
    {
        var team = "team-" + Guid.NewGuid().ToString("N")[..8];
        await storage.Tables.GetTableClient(TableNames.Policies).UpsertEntityAsync(new TableEntity(TableTeamPolicyStore.PartitionKey, team)
        {
            ["MaxAttempts"] = "many",
            ["Length"] = 99,
            ["Lifetime"] = "00:05:00",
            ["RequireOtpChannel"] = true,
        });

        var overrides = await _app.Policies.FindAsync(team, CancellationToken.None);

        Assert.Null(overrides!.MaxAttempts);
        Assert.Null(overrides.Length);
        Assert.Equal(TimeSpan.FromMinutes(5), overrides.Lifetime);
        Assert.True(overrides.RequireOtpChannel);
    }

    [Fact]
    public async Task Answers_are_cached_for_a_minute()
    {
        var team = "team-" + Guid.NewGuid().ToString("N")[..8];
        await _app.SetTeamPolicyAsync(team, new PolicyOverrides { MaxAttempts = 3 });
        await _app.Policies.FindAsync(team, CancellationToken.None);
        await storage.Tables.GetTableClient(TableNames.Policies).UpsertEntityAsync(
            new TableEntity(TableTeamPolicyStore.PartitionKey, team) { ["MaxAttempts"] = 4 });

        Assert.Equal(3, (await _app.Policies.FindAsync(team, CancellationToken.None))!.MaxAttempts);
        _app.Time.Advance(TableTeamPolicyStore.CacheFor);
        Assert.Equal(4, (await _app.Policies.FindAsync(team, CancellationToken.None))!.MaxAttempts);
    }
}

[Collection(StorageCollection.Name)]
public sealed class StorageRequestCounterTests(StorageFixture storage)
{
    [Fact]
    public async Task The_counter_sees_every_table_and_queue_request_by_kind()
    {
        var counter = new StorageRequestCounter();
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        queueOptions.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        var tables = new TableServiceClient(storage.Azurite.ConnectionString, tableOptions);
        var queues = new QueueServiceClient(storage.Azurite.ConnectionString, queueOptions);

        await tables.GetTableClient(TableNames.Sessions).GetEntityIfExistsAsync<TableEntity>("nothing", "");
        await storage.Queues.GetQueueClient("countertest").CreateIfNotExistsAsync();
        await queues.GetQueueClient("countertest").SendMessageAsync("{}");

        Assert.Equal(2, counter.Total);
        Assert.Equal(1, counter.Snapshot()["GET sessions(key)"]);
        Assert.Equal(1, counter.Snapshot()["POST countertest/messages"]);
        counter.Reset();
        Assert.Equal(0, counter.Total);
    }

    [Fact]
    public void A_filter_decides_which_requests_count()
    {
        var counting = false;
        var counter = new StorageRequestCounter(() => counting);

        Assert.Equal("POST $batch", StorageRequestCounter.Describe(RequestMethod.Post, new Uri("http://127.0.0.1:10002/devstoreaccount1/$batch")));
        Assert.Equal("GET sessions(key)", StorageRequestCounter.Describe(RequestMethod.Get,
            new Uri("https://acct.table.core.windows.net/sessions(PartitionKey='s_1',RowKey='session')")));
        Assert.Equal("GET sessions()", StorageRequestCounter.Describe(RequestMethod.Get,
            new Uri("http://127.0.0.1:10002/devstoreaccount1/sessions()?$filter=PartitionKey%20eq%20%27s_1%27%20and%20RowKey%20eq%20%27session%27")));
        Assert.Equal("GET sessions() across partitions", StorageRequestCounter.Describe(RequestMethod.Get,
            new Uri("http://127.0.0.1:10002/devstoreaccount1/sessions()?$filter=RowKey%20ge%20%27outbox%7C%27%20and%20RowKey%20lt%20%27outbox%7D%27")));
        Assert.Equal(0, counter.Total);
        counting = true;
        Assert.True(counting);
    }
}
