using Microsoft.Extensions.Time.Testing;
using OtpSessions.Core.Auth;
using OtpSessions.Core.Common;
using OtpSessions.Core.Insights;
using OtpSessions.Infrastructure.Insights;
using OtpSessions.Testing;

namespace OtpSessions.Infrastructure.Tests;

/// <summary>
/// One team's 64 concurrent journeys on four app instances, on the Table store (Azurite's real ETags and transactions):
/// exact counts, and no retry storm: a write is lost only to another instance's write that landed since the loser last
/// read, and the loser reads again, so each landed write costs each other instance at most one lost write
/// (a bound that holds however the instances' runs interleave; a bound per round does not).
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class InsightsConcurrencyTests(StorageFixture storage)
{
    [Fact]
    public async Task Sixty_four_concurrent_journeys_of_one_team_on_four_instances_give_exact_counts_on_the_table_store()
    {
        const int Journeys = 64;
        const int Instances = 4;
        var team = "conc-" + Guid.NewGuid().ToString("N");
        var start = new DateTimeOffset(2030, 3, 4, 9, 0, 0, TimeSpan.Zero);
        var store = new ConflictCounting(new TableInsightsStore(storage.Tables));

        var rounds = await InsightsScript.RunConcurrentJourneysAsync(store, team, Journeys, Instances, start);

        var service = new InsightsService(store, new FakeTimeProvider(start.AddHours(1)));
        var view = (await service.GetAsync(new AgentPrincipal("sup", team, [AgentPrincipal.SupervisorRole]), "2030-03-04", "2030-03-04", CancellationToken.None)).Value!;
        Assert.Equal(new InsightsFunnel(Journeys, Journeys, Journeys, Journeys), view.Funnel);
        Assert.Equal(new DeliveryCounts(Journeys, 0, 0), view.Delivery.Sms);
        Assert.Equal([new CountryInsights("GB", 2 * Journeys, 0, Journeys)], view.ByCountry);
        Assert.True(store.Conflicts <= store.Writes * (Instances - 1), $"{store.Conflicts} lost writes for {store.Writes} landed ({rounds} rounds)");
    }

    /// <summary>The store, counting the writes that landed and those another instance's write made a conflict.</summary>
    private sealed class ConflictCounting(IInsightsStore inner) : IInsightsStore
    {
        private int _conflicts;
        private int _writes;

        public int Conflicts => Volatile.Read(ref _conflicts);

        public int Writes => Volatile.Read(ref _writes);

        public Task<IReadOnlyDictionary<string, Versioned<JourneyMemory>>> ReadJourneysAsync(string ledger, IReadOnlyCollection<string> streams, CancellationToken cancellationToken) =>
            inner.ReadJourneysAsync(ledger, streams, cancellationToken);

        public Task<IReadOnlyDictionary<InsightsCounterKey, Versioned<InsightCounts>>> ReadCountsAsync(string ledger, IReadOnlyCollection<InsightsCounterKey> keys, CancellationToken cancellationToken) =>
            inner.ReadCountsAsync(ledger, keys, cancellationToken);

        public Task<IReadOnlyList<DayCounts>> ReadDaysAsync(string ledger, string? agentId, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
            inner.ReadDaysAsync(ledger, agentId, from, to, cancellationToken);

        public async Task<InsightsWritten> WriteAsync(InsightsWrite write, CancellationToken cancellationToken)
        {
            try
            {
                var written = await inner.WriteAsync(write, cancellationToken);
                Interlocked.Increment(ref _writes);
                return written;
            }
            catch (ConcurrencyConflictException)
            {
                Interlocked.Increment(ref _conflicts);
                throw;
            }
        }

        public Task ClearAsync(CancellationToken cancellationToken) => inner.ClearAsync(cancellationToken);
    }
}
