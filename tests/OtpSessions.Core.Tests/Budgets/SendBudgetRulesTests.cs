using OtpSessions.Core.Budgets;

namespace OtpSessions.Core.Tests.Budgets;

public sealed class SendBudgetRulesTests
{
    private static readonly DateTimeOffset Morning = new(2030, 3, 4, 9, 15, 30, TimeSpan.Zero);

    [Fact]
    public void An_agent_budget_runs_for_the_clock_hour_and_the_others_for_the_utc_day()
    {
        var hour = SendBudgetRules.WindowOf(SendBudgetScope.Agent, Morning);
        Assert.Equal((new DateTimeOffset(2030, 3, 4, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2030, 3, 4, 10, 0, 0, TimeSpan.Zero)), (hour.Start, hour.End));
        foreach (var scope in new[] { SendBudgetScope.Address, SendBudgetScope.Team, SendBudgetScope.App })
        {
            var day = SendBudgetRules.WindowOf(scope, Morning);
            Assert.Equal((new DateTimeOffset(2030, 3, 4, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2030, 3, 5, 0, 0, 0, TimeSpan.Zero)), (day.Start, day.End));
        }
    }

    [Fact]
    public void A_window_is_utc_whatever_the_offset_of_the_moment()
    {
        // 01:30 in UTC+2 is 23:30 of the day before in UTC.
        var day = SendBudgetRules.WindowOf(SendBudgetScope.Address, new DateTimeOffset(2030, 3, 5, 1, 30, 0, TimeSpan.FromHours(2)));

        Assert.Equal(new DateTimeOffset(2030, 3, 4, 0, 0, 0, TimeSpan.Zero), day.Start);
        Assert.Equal("2030030400", day.Id);
    }

    [Fact]
    public void Retry_after_runs_to_the_end_of_the_window()
    {
        Assert.Equal(TimeSpan.FromMinutes(44.5), SendBudgetRules.WindowOf(SendBudgetScope.Agent, Morning).RemainingAt(Morning));
        Assert.Equal(new TimeSpan(14, 44, 30), SendBudgetRules.WindowOf(SendBudgetScope.Team, Morning).RemainingAt(Morning));
    }

    [Fact]
    public void The_take_that_reaches_80_percent_warns_once()
    {
        var count = BudgetCount.Zero;
        var signals = new List<BudgetSignal>();
        for (var i = 0; i < 20; i++)
        {
            var take = SendBudgetRules.Take(count, 1, 1, limit: 20);
            Assert.Equal(1, take.Granted);
            signals.Add(take.Signal);
            count = take.Next;
        }

        Assert.Equal(15, signals.FindIndex(s => s == BudgetSignal.Warning)); // the 16th send is 80 % of 20
        Assert.Single(signals, s => s == BudgetSignal.Warning);
        Assert.Equal(new BudgetCount(20, Warned: true, Exceeded: false), count);
    }

    [Fact]
    public void A_take_past_the_limit_is_refused_and_only_the_first_refusal_signals()
    {
        var full = new BudgetCount(20, Warned: true, Exceeded: false);

        var first = SendBudgetRules.Take(full, 1, 1, limit: 20);
        var second = SendBudgetRules.Take(first.Next, 1, 1, limit: 20);

        Assert.True(first.Refused);
        Assert.Equal(BudgetSignal.Exceeded, first.Signal);
        Assert.Equal(full with { Exceeded = true }, first.Next);
        Assert.True(second.Refused);
        Assert.Equal(BudgetSignal.None, second.Signal);
        Assert.Equal(first.Next, second.Next); // nothing to write
    }

    [Fact]
    public void A_take_of_several_sends_is_all_or_nothing_at_its_minimum()
    {
        var take = SendBudgetRules.Take(new BudgetCount(18, true, false), wanted: 3, minimum: 3, limit: 20);

        Assert.True(take.Refused);
        Assert.Equal(18, take.Next.Used);
    }

    [Fact]
    public void A_lease_claims_a_block_but_never_past_the_limit()
    {
        Assert.Equal(100, SendBudgetRules.BlockSize(5_000, 0)); // 2 %
        Assert.Equal(4, SendBudgetRules.BlockSize(200, 0));
        Assert.Equal(1, SendBudgetRules.BlockSize(10, 0));

        var claim = SendBudgetRules.Take(new BudgetCount(4_950, true, false), wanted: 100, minimum: 1, limit: 5_000);
        var last = SendBudgetRules.Take(new BudgetCount(4_998, true, false), wanted: 100, minimum: 1, limit: 5_000);

        Assert.Equal(50, claim.Granted);
        Assert.Equal(5_000, claim.Next.Used);
        Assert.Equal(2, last.Granted);
    }

    [Fact]
    public void Blocks_shrink_as_the_budget_runs_out_so_a_late_instance_still_gets_one_and_little_is_stranded()
    {
        Assert.Equal(50, SendBudgetRules.BlockSize(5_000, 4_500)); // a tenth of the 500 left
        Assert.Equal(1, SendBudgetRules.BlockSize(5_000, 4_995));

        // A thousand instances that each claim a first block and send nothing more hold under 1 % of a day's app budget.
        var used = 0;
        for (var instance = 0; instance < 1_000; instance++)
        {
            used += SendBudgetRules.Take(new BudgetCount(used, false, false), SendBudgetRules.NextBlock(0, 1_000_000, used), 1, 1_000_000).Granted;
        }
        Assert.Equal(8_000, used);
    }

    [Fact]
    public void An_instance_s_blocks_start_small_and_double_up_to_2_percent()
    {
        Assert.Equal([8, 16, 32, 64, 100, 100], Enumerable.Range(0, 6).Select(claims => SendBudgetRules.NextBlock(claims, 5_000, 0)));
        Assert.Equal(4, SendBudgetRules.NextBlock(0, 200, 0));
        Assert.Equal(1, SendBudgetRules.NextBlock(3, 5_000, 4_995));
    }

    [Fact]
    public void Giving_back_undoes_a_take()
    {
        Assert.Equal(3, SendBudgetRules.GiveBack(new BudgetCount(5, false, false), 2).Used);
        Assert.Equal(0, SendBudgetRules.GiveBack(new BudgetCount(1, false, false), 2).Used);
    }

    [Theory]
    [InlineData(0, false, "ok")]
    [InlineData(159, false, "ok")]
    [InlineData(160, false, "near")]
    [InlineData(199, false, "near")]
    [InlineData(200, false, "exceeded")]
    [InlineData(150, true, "exceeded")]
    public void Health_says_a_word_about_the_app_budget(int used, bool exceeded, string word) =>
        Assert.Equal(word, SendBudgetRules.HealthWord(new BudgetCount(used, used >= 160, exceeded), 200));

    [Fact]
    public void Health_says_ok_before_anything_was_sent_today() => Assert.Equal("ok", SendBudgetRules.HealthWord(null, 200));
}
