namespace OtpSessions.Core.Policy;

/// <summary>
/// The policy's limits on sending to one participant, as a pure rule over the times of earlier sends: none within
/// <see cref="OtpPolicy.ResendCooldown"/> of the last one, and at most <see cref="OtpPolicy.MaxSendsPerHour"/> in any
/// sliding <see cref="Window"/>. Used for agent invitation resends (codes count their own sends the same way).
/// </summary>
public static class SendLimits
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>When the next send may go out (<paramref name="now"/> when it may go now).</summary>
    public static DateTimeOffset NextAllowedAt(IReadOnlyList<DateTimeOffset> sendTimes, OtpPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sendTimes);
        ArgumentNullException.ThrowIfNull(policy);
        var allowedAt = now;
        if (sendTimes.Count > 0 && sendTimes.Max() + policy.ResendCooldown > allowedAt)
        {
            allowedAt = sendTimes.Max() + policy.ResendCooldown;
        }
        var recent = InWindow(sendTimes, now);
        if (recent.Count >= policy.MaxSendsPerHour)
        {
            // A slot frees up when enough of the oldest sends have left the window.
            var freesAt = recent[recent.Count - policy.MaxSendsPerHour] + Window;
            allowedAt = freesAt > allowedAt ? freesAt : allowedAt;
        }
        return allowedAt;
    }

    /// <summary>The sends still inside the window at <paramref name="now"/>, oldest first (what is worth keeping).</summary>
    public static IReadOnlyList<DateTimeOffset> InWindow(IEnumerable<DateTimeOffset> sendTimes, DateTimeOffset now) =>
        [.. sendTimes.Where(t => t > now - Window).Order()];
}
