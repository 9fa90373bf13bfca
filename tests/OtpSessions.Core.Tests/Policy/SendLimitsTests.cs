using OtpSessions.Core.Policy;

namespace OtpSessions.Core.Tests.Policy;

/// <summary>The invitation resend limits: the cooldown since the latest send and the sliding hourly cap.</summary>
public sealed class SendLimitsTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 2, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Cooldown 30 s, at most 3 sends in any hour.</summary>
    private static readonly OtpPolicy Policy = new() { ResendCooldown = TimeSpan.FromSeconds(30), MaxSendsPerHour = 3 };

    private static DateTimeOffset[] Ago(params int[] seconds) => [.. seconds.Select(s => Now.AddSeconds(-s))];

    [Theory]
    // No send yet: now.
    [InlineData(new int[0], 0)]
    // The latest send is inside the cooldown: the cooldown decides, whatever the order of the list.
    [InlineData(new[] { 10 }, 20)]
    [InlineData(new[] { 10, 2400 }, 20)]
    [InlineData(new[] { 2400, 10 }, 20)]
    // The cooldown is over (exactly, or long ago): now.
    [InlineData(new[] { 30 }, 0)]
    [InlineData(new[] { 600 }, 0)]
    // Two sends in the hour of a cap of three: now.
    [InlineData(new[] { 600, 1200 }, 0)]
    // Three sends in the hour: when the oldest leaves the window.
    [InlineData(new[] { 600, 1200, 3000 }, 600)]
    [InlineData(new[] { 3000, 600, 1200 }, 600)]
    // Four sends, one of them already out of the window: the three left decide.
    [InlineData(new[] { 600, 1200, 3000, 3600 }, 600)]
    [InlineData(new[] { 600, 1200, 3000, 7200 }, 600)]
    // Four sends inside the window: the second oldest must leave it first.
    [InlineData(new[] { 600, 1200, 3000, 3300 }, 600)]
    [InlineData(new[] { 600, 1200, 2000, 3300 }, 1600)]
    // The cap frees a slot before the cooldown ends: the cooldown decides.
    [InlineData(new[] { 5, 1200, 3595 }, 25)]
    public void The_next_send_waits_for_the_cooldown_and_the_hourly_cap(int[] secondsAgo, int waitSeconds)
    {
        Assert.Equal(Now.AddSeconds(waitSeconds), SendLimits.NextAllowedAt(Ago(secondsAgo), Policy, Now));
    }

    [Fact]
    public void A_zero_cooldown_and_a_cap_of_one_let_only_the_window_decide()
    {
        var policy = new OtpPolicy { ResendCooldown = TimeSpan.Zero, MaxSendsPerHour = 1 };

        Assert.Equal(Now, SendLimits.NextAllowedAt([], policy, Now));
        Assert.Equal(Now.AddSeconds(3599), SendLimits.NextAllowedAt(Ago(1), policy, Now));
        Assert.Equal(Now, SendLimits.NextAllowedAt(Ago(3600), policy, Now));
    }

    [Fact]
    public void The_window_keeps_the_sends_of_the_last_hour_oldest_first_and_drops_one_exactly_an_hour_old()
    {
        Assert.Equal(Ago(3599, 600, 1), SendLimits.InWindow(Ago(1, 3600, 3599, 7200, 600), Now));
        Assert.Empty(SendLimits.InWindow(Ago(3600, 3601), Now));
        Assert.Equal(TimeSpan.FromHours(1), SendLimits.Window);
    }
}
