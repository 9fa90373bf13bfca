using OtpSessions.Core.Common;
using OtpSessions.Core.Policy;

namespace OtpSessions.Infrastructure.Tests;

/// <summary>
/// The pending policy changes beside a team's overrides, against Azurite: a change round-trips, only the team's own are
/// listed, and a decision is one atomic optimistic write with the new overrides — a second decision at the same version,
/// or an approval over overrides changed meanwhile, writes nothing.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class PolicyChangeStoreTests(StorageFixture storage)
{
    private readonly SessionTestApp _app = new(storage);

    private static PolicyChangeRequest NewChange(string team, DateTimeOffset at) =>
        new(PolicyChangeRequest.NewId(), team, "root@bank.example", at, """{"requireOtp":false}""", ["requireOtp"], ["requireOtp"]);

    [Fact]
    public async Task A_change_round_trips_and_only_the_teams_own_are_listed()
    {
        var team = "team-" + Guid.NewGuid().ToString("N")[..8];
        var at = new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.Zero);
        var change = NewChange(team, at);
        await _app.Policies.AddAsync(change, CancellationToken.None);
        await _app.Policies.AddAsync(NewChange(team + "x", at), CancellationToken.None);
        await _app.SetTeamPolicyAsync(team, new PolicyOverrides { MaxAttempts = 3 });

        var listed = Assert.Single(await _app.Policies.ListAsync(team, CancellationToken.None));
        var found = await _app.Policies.FindAsync(team, change.ChangeId, CancellationToken.None);

        Assert.Equal(change.ChangeId, listed.ChangeId);
        Assert.Equal(("root@bank.example", at, PolicyChangeStatus.Pending), (found!.Change.RequesterId, found.Change.RequestedAt, found.Change.Decision));
        Assert.Equal(["requireOtp"], found.Change.Weakened);
        Assert.False(found.Change.Values().GetProperty("requireOtp").GetBoolean());
        Assert.Null(await _app.Policies.FindAsync(team, PolicyChangeRequest.NewId(), CancellationToken.None));
        Assert.Equal(3, (await _app.Policies.LoadAsync(team, CancellationToken.None)).Overrides.MaxAttempts);
    }

    [Fact]
    public async Task An_approval_writes_the_overrides_with_the_decision_and_a_second_decision_at_the_same_version_writes_nothing()
    {
        var team = "team-" + Guid.NewGuid().ToString("N")[..8];
        var change = NewChange(team, DateTimeOffset.UtcNow);
        await _app.Policies.AddAsync(change, CancellationToken.None);
        var read = (await _app.Policies.FindAsync(team, change.ChangeId, CancellationToken.None))!;
        var overrides = await _app.Policies.LoadAsync(team, CancellationToken.None);

        await _app.Policies.DecideAsync(change with { Decision = PolicyChangeStatus.Approved, DeciderId = "b" }, read.Version,
            new StoredOverrides(new PolicyOverrides { RequireOtp = false }, overrides.Version), CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _app.Policies.DecideAsync(
            change with { Decision = PolicyChangeStatus.Rejected, DeciderId = "c" }, read.Version, null, CancellationToken.None));
        var decided = (await _app.Policies.FindAsync(team, change.ChangeId, CancellationToken.None))!.Change;
        Assert.Equal((PolicyChangeStatus.Approved, "b"), (decided.Decision, decided.DeciderId));
        Assert.False((await _app.Policies.LoadAsync(team, CancellationToken.None)).Overrides.RequireOtp);
    }

    [Fact]
    public async Task An_approval_over_overrides_changed_meanwhile_writes_neither_the_overrides_nor_the_decision()
    {
        var team = "team-" + Guid.NewGuid().ToString("N")[..8];
        var change = NewChange(team, DateTimeOffset.UtcNow);
        await _app.Policies.AddAsync(change, CancellationToken.None);
        var read = (await _app.Policies.FindAsync(team, change.ChangeId, CancellationToken.None))!;
        var stale = await _app.Policies.LoadAsync(team, CancellationToken.None);
        await _app.SetTeamPolicyAsync(team, new PolicyOverrides { Length = 8 });

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _app.Policies.DecideAsync(
            change with { Decision = PolicyChangeStatus.Approved, DeciderId = "b" }, read.Version,
            new StoredOverrides(new PolicyOverrides { RequireOtp = false }, stale.Version), CancellationToken.None));

        Assert.Equal(PolicyChangeStatus.Pending, (await _app.Policies.FindAsync(team, change.ChangeId, CancellationToken.None))!.Change.Decision);
        Assert.Null((await _app.Policies.LoadAsync(team, CancellationToken.None)).Overrides.RequireOtp);
    }
}
