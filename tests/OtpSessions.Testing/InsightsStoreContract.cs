using OtpSessions.Core.Common;
using OtpSessions.Core.Insights;
using Xunit;

namespace OtpSessions.Testing;

/// <summary>
/// What every <see cref="IInsightsStore"/> does, run against the Table store on Azurite (Infrastructure.Tests) and the
/// in-memory store (Core.Tests): reads answer only what exists, a write stores journeys and counters of one ledger all or
/// nothing at their versions, a day range answers one ledger's (or one agent's) days inside it, and ledgers are apart.
/// </summary>
public abstract class InsightsStoreContract
{
    /// <summary>The store under test; a fresh ledger per test keeps tests on a shared table apart.</summary>
    protected abstract IInsightsStore Store { get; }

    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateOnly Day = new(2030, 3, 4);
    private static readonly DateTimeOffset Later = new(2031, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _ledger = "team:t-" + Guid.NewGuid().ToString("N");

    private static readonly JourneyMemory Memory = JourneyMemory.Empty with
    {
        AgentId = "agent-1",
        Participants = new Dictionary<string, ParticipantJourney>
        {
            ["p1"] = new()
            {
                InvitedAt = new DateTimeOffset(2030, 3, 4, 9, 0, 0, TimeSpan.Zero),
                Country = "GB",
                AuthenticatedAt = new DateTimeOffset(2030, 3, 4, 9, 1, 0, TimeSpan.Zero),
                Sends = [new SendOutcome("invitation:1", Channel.Sms, SendState.Delivered)],
            },
        },
    };

    private static readonly InsightCounts Counts = InsightCounts.Zero with
    {
        Invited = 3,
        Authenticated = 2,
        Sms = new DeliveryCounts(1, 2, 1),
        TimeToAuthenticate = [0, 2],
        ByCountry = new Dictionary<string, CountryCounts> { ["GB"] = new(4, 1, 2) },
    };

    private InsightsCounterKey Key(string? agent, DateOnly day) => new(_ledger, agent, day);

    private InsightsWrite Write(IReadOnlyList<JourneyWrite> journeys, IReadOnlyList<CountsWrite> counts) => new(_ledger, journeys, counts);

    [Fact]
    public async Task Nothing_written_reads_as_absent()
    {
        Assert.Empty(await Store.ReadJourneysAsync(_ledger, ["s1"], None));
        Assert.Empty(await Store.ReadCountsAsync(_ledger, [Key(null, Day)], None));
        Assert.Empty(await Store.ReadDaysAsync(_ledger, null, Day, Day, None));
    }

    [Fact]
    public async Task A_write_stores_journeys_and_counters_that_read_back_with_their_new_versions()
    {
        var written = await Store.WriteAsync(Write(
            [new JourneyWrite("s1", Memory, null, Later)],
            [new CountsWrite(Key(null, Day), Counts, null, Later)]), None);

        var journeys = await Store.ReadJourneysAsync(_ledger, ["s1", "s2"], None);
        var journey = Assert.Single(journeys);
        Assert.Equal("s1", journey.Key);
        Assert.Equal(written.Journeys["s1"], journey.Value.Version);
        Assert.Equal("agent-1", journey.Value.Value.AgentId);
        var p1 = journey.Value.Value.Participants["p1"];
        Assert.Equal(Memory.Participants["p1"].AuthenticatedAt, p1.AuthenticatedAt);
        Assert.Equal("GB", p1.Country);
        Assert.Equal(SendState.Delivered, Assert.Single(p1.Sends).State);

        var counts = Assert.Single(await Store.ReadCountsAsync(_ledger, [Key(null, Day), Key("agent-1", Day)], None));
        Assert.Equal(written.Counts[Key(null, Day)], counts.Value.Version);
        AssertCounts(Counts, counts.Value.Value);
    }

    [Fact]
    public async Task A_write_with_one_stale_record_is_a_conflict_that_writes_nothing()
    {
        var first = await Store.WriteAsync(Write([new JourneyWrite("s1", Memory, null, Later)], [new CountsWrite(Key(null, Day), Counts, null, Later)]), None);
        await Store.WriteAsync(Write([], [new CountsWrite(Key(null, Day), Counts with { Invited = 9 }, first.Counts[Key(null, Day)], Later)]), None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.WriteAsync(Write(
            [new JourneyWrite("s1", Memory with { AgentId = "changed" }, first.Journeys["s1"], Later), new JourneyWrite("s2", Memory, null, Later)],
            [new CountsWrite(Key(null, Day), Counts with { Invited = 1 }, first.Counts[Key(null, Day)], Later)]), None));

        var journeys = await Store.ReadJourneysAsync(_ledger, ["s1", "s2"], None);
        Assert.Equal("agent-1", Assert.Single(journeys).Value.Value.AgentId);
        Assert.Equal(9, (await Store.ReadCountsAsync(_ledger, [Key(null, Day)], None))[Key(null, Day)].Value.Invited);
    }

    [Fact]
    public async Task An_insert_of_a_record_that_exists_is_a_conflict()
    {
        await Store.WriteAsync(Write([new JourneyWrite("s1", Memory, null, Later)], []), None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.WriteAsync(Write([new JourneyWrite("s1", Memory, null, Later)], []), None));
    }

    [Fact]
    public async Task A_day_range_answers_the_ledgers_or_one_agents_days_inside_it_in_order()
    {
        var other = "team:t-" + Guid.NewGuid().ToString("N");
        await Store.WriteAsync(Write([],
        [
            new CountsWrite(Key(null, Day.AddDays(-1)), Counts with { Invited = 1 }, null, Later),
            new CountsWrite(Key(null, Day), Counts with { Invited = 2 }, null, Later),
            new CountsWrite(Key(null, Day.AddDays(2)), Counts with { Invited = 3 }, null, Later),
            new CountsWrite(Key(null, Day.AddDays(3)), Counts with { Invited = 4 }, null, Later),
            new CountsWrite(Key("agent-1", Day), Counts with { Invited = 5 }, null, Later),
            new CountsWrite(Key("agent-10", Day), Counts with { Invited = 6 }, null, Later),
        ]), None);
        await Store.WriteAsync(new InsightsWrite(other, [], [new CountsWrite(new InsightsCounterKey(other, null, Day), Counts with { Invited = 7 }, null, Later)]), None);

        var team = await Store.ReadDaysAsync(_ledger, null, Day, Day.AddDays(2), None);
        Assert.Equal([(Day, 2), (Day.AddDays(2), 3)], team.Select(d => (d.Day, d.Counts.Invited)));
        var agent = await Store.ReadDaysAsync(_ledger, "agent-1", Day.AddDays(-5), Day.AddDays(5), None);
        Assert.Equal([(Day, 5)], agent.Select(d => (d.Day, d.Counts.Invited)));
        Assert.Equal([(Day, 7)], (await Store.ReadDaysAsync(other, null, Day, Day, None)).Select(d => (d.Day, d.Counts.Invited)));
    }

    private static void AssertCounts(InsightCounts expected, InsightCounts actual)
    {
        Assert.Equal(expected.Invited, actual.Invited);
        Assert.Equal(expected.Authenticated, actual.Authenticated);
        Assert.Equal(expected.Sms, actual.Sms);
        Assert.Equal(expected.TimeToAuthenticate, actual.TimeToAuthenticate);
        Assert.Equal(expected.ByCountry["GB"], actual.ByCountry["GB"]);
    }
}
