using OtpSessions.Core.Common;
using OtpSessions.Core.Policy;
using Xunit;

namespace OtpSessions.Testing;

/// <summary>
/// What every <see cref="ITeamPolicyStore"/> does, run against the Table store on Azurite (Infrastructure.Tests) and the
/// in-memory store (Core.Tests): a team's overrides are written at the version they were loaded at (of two writers one
/// wins), a change through the store is seen at once, teams are kept apart, and a stored value outside the system's
/// ranges (written before a range tightened) is ignored on read while the other values stand.
/// </summary>
public abstract class TeamPolicyStoreContract
{
    /// <summary>The store under test; a fresh team id per test keeps tests on a shared table apart.</summary>
    protected abstract ITeamPolicyStore Store { get; }

    private static readonly CancellationToken None = CancellationToken.None;

    private readonly string _team = "team-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_team_without_overrides_has_none_and_no_version()
    {
        Assert.Null(await Store.FindAsync(_team, None));
        var loaded = await Store.LoadAsync(_team, None);
        Assert.Null(loaded.Version);
        Assert.Equal(new PolicyOverrides(), loaded.Overrides);
    }

    [Fact]
    public async Task Of_two_first_saves_one_wins_and_the_other_is_a_conflict_that_writes_nothing()
    {
        await Store.SaveAsync(_team, new PolicyOverrides { MaxAttempts = 4 }, null, None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.SaveAsync(_team, new PolicyOverrides { MaxAttempts = 9 }, null, None));

        var loaded = await Store.LoadAsync(_team, None);
        Assert.NotNull(loaded.Version);
        Assert.Equal(new PolicyOverrides { MaxAttempts = 4 }, loaded.Overrides);
    }

    [Fact]
    public async Task A_save_at_the_loaded_version_is_seen_at_once_and_a_save_at_an_old_version_is_a_conflict_that_writes_nothing()
    {
        await Store.SaveAsync(_team, new PolicyOverrides { Length = 8 }, null, None);
        Assert.Equal(8, (await Store.FindAsync(_team, None))!.Length);
        var first = await Store.LoadAsync(_team, None);

        await Store.SaveAsync(_team, new PolicyOverrides { Length = 7, RequireOtp = false, Lifetime = TimeSpan.FromMinutes(3) }, first.Version, None);
        var second = await Store.LoadAsync(_team, None);
        Assert.NotEqual(first.Version, second.Version);
        Assert.Equal(new PolicyOverrides { Length = 7, RequireOtp = false, Lifetime = TimeSpan.FromMinutes(3) }, second.Overrides);
        Assert.Equal(7, (await Store.FindAsync(_team, None))!.Length);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.SaveAsync(_team, new PolicyOverrides { Length = 10 }, first.Version, None));
        Assert.Equal(second, await Store.LoadAsync(_team, None));
    }

    [Fact]
    public async Task Teams_are_kept_apart()
    {
        await Store.SaveAsync(_team, new PolicyOverrides { MaxSendsPerHour = 3 }, null, None);

        Assert.Null(await Store.FindAsync(_team + "-other", None));
        Assert.Null((await Store.LoadAsync(_team + "-other", None)).Version);
        await Store.SaveAsync(_team + "-other", new PolicyOverrides { MaxSendsPerHour = 7 }, null, None);
        Assert.Equal(3, (await Store.FindAsync(_team, None))!.MaxSendsPerHour);
    }

    [Fact]
    public async Task A_stored_value_outside_the_systems_ranges_is_ignored_on_read_and_the_others_stand()
    {
        await Store.SaveAsync(_team, new PolicyOverrides { Length = 8, MaxAttempts = 50, Lifetime = TimeSpan.FromHours(1) }, null, None);

        Assert.Equal(new PolicyOverrides { Length = 8 }, await Store.FindAsync(_team, None));
        var loaded = await Store.LoadAsync(_team, None);
        Assert.Equal(new PolicyOverrides { Length = 8 }, loaded.Overrides);
        Assert.NotNull(loaded.Version);
    }
}
