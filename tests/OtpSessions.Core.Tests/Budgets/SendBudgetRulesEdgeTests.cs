using OtpSessions.Core.Budgets;

namespace OtpSessions.Core.Tests.Budgets;

/// <summary>The send budget rules at their exact edges: the last units, the 80 % mark, and what a take may ask for.</summary>
public sealed class SendBudgetRulesEdgeTests
{
    [Theory]
    // used before, wanted, minimum, limit → granted, used after, warned after, signal
    [InlineData(17, 3, 3, 20, 3, 20, true, BudgetSignal.Warning)]
    [InlineData(17, 5, 3, 20, 3, 20, true, BudgetSignal.Warning)]
    [InlineData(18, 3, 3, 20, 0, 18, false, BudgetSignal.Exceeded)]
    [InlineData(14, 1, 1, 20, 1, 15, false, BudgetSignal.None)]
    [InlineData(15, 1, 1, 20, 1, 16, true, BudgetSignal.Warning)]
    [InlineData(4, 2, 1, 7, 2, 6, true, BudgetSignal.Warning)]
    [InlineData(4, 1, 1, 7, 1, 5, false, BudgetSignal.None)]
    [InlineData(0, 1, 1, 1, 1, 1, true, BudgetSignal.Warning)]
    public void A_take_grants_what_is_left_up_to_what_is_wanted_and_warns_when_it_reaches_80_percent(
        int used, int wanted, int minimum, int limit, int granted, int usedAfter, bool warned, BudgetSignal signal)
    {
        var take = SendBudgetRules.Take(new BudgetCount(used, false, false), wanted, minimum, limit);

        Assert.Equal(new BudgetTake(granted, new BudgetCount(usedAfter, warned, signal == BudgetSignal.Exceeded), signal), take);
        Assert.Equal(granted == 0, take.Refused);
    }

    [Fact]
    public void A_take_after_the_warning_signals_nothing_and_keeps_the_warning()
    {
        var take = SendBudgetRules.Take(new BudgetCount(16, Warned: true, Exceeded: false), 1, 1, 20);

        Assert.Equal(new BudgetTake(1, new BudgetCount(17, true, false), BudgetSignal.None), take);
    }

    [Fact]
    public void A_refusal_keeps_the_count_and_the_warning_and_marks_the_window_exceeded_once()
    {
        var refused = SendBudgetRules.Take(new BudgetCount(20, Warned: true, Exceeded: false), 1, 1, 20);
        var again = SendBudgetRules.Take(refused.Next, 1, 1, 20);

        Assert.Equal(new BudgetTake(0, new BudgetCount(20, true, true), BudgetSignal.Exceeded), refused);
        Assert.Equal(new BudgetTake(0, new BudgetCount(20, true, true), BudgetSignal.None), again);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(0, 0)]
    [InlineData(1, 2)]
    public void A_take_must_ask_for_at_least_one_unit_and_want_at_least_its_minimum(int wanted, int minimum)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SendBudgetRules.Take(BudgetCount.Zero, wanted, minimum, 20));
    }

    [Theory]
    [InlineData(20, 16)]
    [InlineData(10, 8)]
    [InlineData(7, 6)]
    [InlineData(1, 1)]
    [InlineData(200, 160)]
    public void The_warning_is_due_at_80_percent_rounded_up(int limit, int at)
    {
        Assert.Equal(at, SendBudgetRules.WarningAt(limit));
    }

    [Theory]
    // claims, limit, used → block
    [InlineData(24, 1_000_000_000, 0, 20_000_000)]
    [InlineData(40, 1_000_000_000, 0, 20_000_000)]
    [InlineData(2, 5_000, 4_800, 20)]
    [InlineData(1, 49, 0, 1)]
    public void A_block_doubles_from_eight_and_never_passes_the_block_size(int claims, int limit, int used, int block)
    {
        Assert.Equal(block, SendBudgetRules.NextBlock(claims, limit, used));
    }

    [Theory]
    [InlineData(5, 2, 3)]
    [InlineData(5, 5, 0)]
    [InlineData(5, 0, 5)]
    [InlineData(1, 2, 0)]
    public void Giving_back_lowers_the_count_but_never_below_zero_and_keeps_the_flags(int used, int units, int after)
    {
        Assert.Equal(new BudgetCount(after, true, true), SendBudgetRules.GiveBack(new BudgetCount(used, true, true), units));
    }

    [Fact]
    public void The_shares_are_80_percent_2_percent_a_tenth_and_a_first_block_of_eight()
    {
        Assert.Equal(0.8, SendBudgetRules.WarningShare);
        Assert.Equal(50, SendBudgetRules.BlocksPerBudget);
        Assert.Equal(10, SendBudgetRules.RemainingShare);
        Assert.Equal(8, SendBudgetRules.FirstBlock);
        Assert.Equal(BudgetCount.Zero, new BudgetCount(0, false, false));
    }
}
