using OtpSessions.Core.Budgets;
using OtpSessions.Core.Common;
using Xunit;

namespace OtpSessions.Testing;

/// <summary>
/// What every <see cref="ISendBudgetStore"/> does, run against the Table store on Azurite (Infrastructure.Tests) and the
/// in-memory store (Core.Tests): a counter starts at zero, every write names the version it read (of two writers one
/// wins, the other writes nothing), and counters of other scopes, subjects and windows are apart.
/// </summary>
public abstract class SendBudgetStoreContract
{
    /// <summary>The store under test; a fresh subject per test keeps tests on a shared table apart.</summary>
    protected abstract ISendBudgetStore Store { get; }

    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly DateTimeOffset Now = new(2030, 3, 4, 9, 30, 0, TimeSpan.Zero);

    private readonly BudgetCounterKey _key = new(SendBudgetScope.Agent, "agent-" + Guid.NewGuid().ToString("N"), BudgetWindow.HourOf(Now));

    [Fact]
    public async Task A_counter_never_written_is_zero_without_a_version()
    {
        var read = await Store.ReadAsync(_key, None);

        Assert.Equal(BudgetCount.Zero, read.Count);
        Assert.Null(read.Version);
    }

    [Fact]
    public async Task Of_two_first_writes_one_wins_and_the_other_is_a_conflict_that_writes_nothing()
    {
        await Store.WriteAsync(_key, new BudgetCount(1, false, false), null, None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.WriteAsync(_key, new BudgetCount(5, true, false), null, None));

        var read = await Store.ReadAsync(_key, None);
        Assert.Equal(new BudgetCount(1, false, false), read.Count);
        Assert.NotNull(read.Version);
    }

    [Fact]
    public async Task A_write_at_the_read_version_gives_a_new_one_and_a_write_at_an_old_version_is_a_conflict_that_writes_nothing()
    {
        await Store.WriteAsync(_key, new BudgetCount(1, false, false), null, None);
        var first = await Store.ReadAsync(_key, None);

        await Store.WriteAsync(_key, new BudgetCount(4, true, true), first.Version, None);
        var second = await Store.ReadAsync(_key, None);
        Assert.Equal(new BudgetCount(4, true, true), second.Count);
        Assert.NotEqual(first.Version, second.Version);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.WriteAsync(_key, new BudgetCount(2, false, false), first.Version, None));
        Assert.Equal(second, await Store.ReadAsync(_key, None));
    }

    [Fact]
    public async Task Counters_of_other_scopes_subjects_and_windows_are_apart()
    {
        await Store.WriteAsync(_key, new BudgetCount(3, false, false), null, None);

        BudgetCounterKey[] others =
        [
            _key with { Scope = SendBudgetScope.Team },
            _key with { Subject = _key.Subject + "-other" },
            _key with { Window = BudgetWindow.HourOf(Now.AddHours(1)) },
        ];
        foreach (var other in others)
        {
            Assert.Equal(new StoredBudgetCount(BudgetCount.Zero, null), await Store.ReadAsync(other, None));
        }
        Assert.Equal(3, (await Store.ReadAsync(_key, None)).Count.Used);
    }
}
