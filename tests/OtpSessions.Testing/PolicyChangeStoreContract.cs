using OtpSessions.Core.Common;
using OtpSessions.Core.Policy;
using Xunit;

namespace OtpSessions.Testing;

/// <summary>
/// What every <see cref="IPolicyChangeStore"/> does beside its <see cref="ITeamPolicyStore"/>, run against the Table store on
/// Azurite (Infrastructure.Tests) and the in-memory stores (Core.Tests): a change round-trips, only the team's own are listed
/// (oldest first), an id is added once, and a decision is one atomic optimistic write with the new overrides — a second
/// decision at the same version, or an approval over overrides changed meanwhile, writes nothing.
/// </summary>
public abstract class PolicyChangeStoreContract
{
    /// <summary>The change store under test; a fresh team id per test keeps tests on a shared table apart.</summary>
    protected abstract IPolicyChangeStore Changes { get; }

    /// <summary>The overrides the change store writes on approval (the same storage).</summary>
    protected abstract ITeamPolicyStore Teams { get; }

    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly DateTimeOffset At = new(2030, 1, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly string _team = "team-" + Guid.NewGuid().ToString("N")[..10];

    private static PolicyChangeRequest NewChange(string team, DateTimeOffset at) =>
        new(PolicyChangeRequest.NewId(), team, "root@bank.example", at, """{"requireOtp":false}""", ["requireOtp"], ["requireOtp"]);

    [Fact]
    public async Task A_change_round_trips_and_only_the_teams_own_are_listed_oldest_first()
    {
        var later = NewChange(_team, At.AddMinutes(5));
        var change = NewChange(_team, At);
        await Changes.AddAsync(later, None);
        await Changes.AddAsync(change, None);
        await Changes.AddAsync(NewChange(_team + "x", At), None);
        await Teams.SaveAsync(_team, new PolicyOverrides { MaxAttempts = 3 }, null, None);

        var listed = await Changes.ListAsync(_team, None);
        var found = await Changes.FindAsync(_team, change.ChangeId, None);

        Assert.Equal([change.ChangeId, later.ChangeId], listed.Select(c => c.ChangeId));
        Assert.Equal(("root@bank.example", At, PolicyChangeStatus.Pending), (found!.Change.RequesterId, found.Change.RequestedAt, found.Change.Decision));
        Assert.Equal(["requireOtp"], found.Change.Fields);
        Assert.Equal(["requireOtp"], found.Change.Weakened);
        Assert.Null(found.Change.DeciderId);
        Assert.False(found.Change.Values().GetProperty("requireOtp").GetBoolean());
        Assert.Null(await Changes.FindAsync(_team, PolicyChangeRequest.NewId(), None));
        Assert.Null(await Changes.FindAsync(_team + "x", change.ChangeId, None));
        Assert.Equal(3, (await Teams.LoadAsync(_team, None)).Overrides.MaxAttempts);
    }

    [Fact]
    public async Task A_change_id_is_added_once()
    {
        var change = NewChange(_team, At);
        await Changes.AddAsync(change, None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Changes.AddAsync(change with { RequesterId = "other" }, None));

        Assert.Equal("root@bank.example", (await Changes.FindAsync(_team, change.ChangeId, None))!.Change.RequesterId);
    }

    [Fact]
    public async Task An_approval_writes_the_overrides_with_the_decision_and_a_second_decision_at_the_same_version_writes_nothing()
    {
        var change = NewChange(_team, At);
        await Changes.AddAsync(change, None);
        var read = (await Changes.FindAsync(_team, change.ChangeId, None))!;
        var overrides = await Teams.LoadAsync(_team, None);

        await Changes.DecideAsync(change with { Decision = PolicyChangeStatus.Approved, DeciderId = "b", DecidedAt = At.AddHours(1) }, read.Version,
            new StoredOverrides(new PolicyOverrides { RequireOtp = false }, overrides.Version), None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Changes.DecideAsync(
            change with { Decision = PolicyChangeStatus.Rejected, DeciderId = "c" }, read.Version, null, None));
        var decided = (await Changes.FindAsync(_team, change.ChangeId, None))!;
        Assert.Equal((PolicyChangeStatus.Approved, "b", At.AddHours(1)), (decided.Change.Decision, decided.Change.DeciderId, decided.Change.DecidedAt));
        Assert.NotEqual(read.Version, decided.Version);
        var applied = await Teams.LoadAsync(_team, None);
        Assert.False(applied.Overrides.RequireOtp);
        Assert.NotNull(applied.Version);
    }

    [Fact]
    public async Task A_rejection_records_the_decision_and_leaves_the_overrides_alone()
    {
        await Teams.SaveAsync(_team, new PolicyOverrides { Length = 8 }, null, None);
        var before = await Teams.LoadAsync(_team, None);
        var change = NewChange(_team, At);
        await Changes.AddAsync(change, None);
        var read = (await Changes.FindAsync(_team, change.ChangeId, None))!;

        await Changes.DecideAsync(change with { Decision = PolicyChangeStatus.Rejected, DeciderId = "c" }, read.Version, null, None);

        Assert.Equal(PolicyChangeStatus.Rejected, (await Changes.FindAsync(_team, change.ChangeId, None))!.Change.Decision);
        Assert.Equal(before, await Teams.LoadAsync(_team, None));
    }

    [Fact]
    public async Task An_approval_over_overrides_changed_meanwhile_writes_neither_the_overrides_nor_the_decision()
    {
        var change = NewChange(_team, At);
        await Changes.AddAsync(change, None);
        var read = (await Changes.FindAsync(_team, change.ChangeId, None))!;
        var stale = await Teams.LoadAsync(_team, None);
        await Teams.SaveAsync(_team, new PolicyOverrides { Length = 8 }, stale.Version, None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Changes.DecideAsync(
            change with { Decision = PolicyChangeStatus.Approved, DeciderId = "b" }, read.Version,
            new StoredOverrides(new PolicyOverrides { RequireOtp = false }, stale.Version), None));

        var after = (await Changes.FindAsync(_team, change.ChangeId, None))!;
        Assert.Equal((PolicyChangeStatus.Pending, read.Version), (after.Change.Decision, after.Version));
        Assert.Equal(new PolicyOverrides { Length = 8 }, (await Teams.LoadAsync(_team, None)).Overrides);
    }

    [Fact]
    public async Task A_decision_on_a_change_decided_meanwhile_writes_no_overrides()
    {
        var change = NewChange(_team, At);
        await Changes.AddAsync(change, None);
        var read = (await Changes.FindAsync(_team, change.ChangeId, None))!;
        await Changes.DecideAsync(change with { Decision = PolicyChangeStatus.Rejected, DeciderId = "c" }, read.Version, null, None);
        var overrides = await Teams.LoadAsync(_team, None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Changes.DecideAsync(
            change with { Decision = PolicyChangeStatus.Approved, DeciderId = "b" }, read.Version,
            new StoredOverrides(new PolicyOverrides { RequireOtp = false }, overrides.Version), None));

        Assert.Equal(PolicyChangeStatus.Rejected, (await Changes.FindAsync(_team, change.ChangeId, None))!.Change.Decision);
        Assert.Equal(overrides, await Teams.LoadAsync(_team, None));
    }
}
