namespace OtpSessions.Core.Budgets;

/// <summary>
/// The send budgets' rules, pure: fixed windows (the clock hour for an agent, the UTC day for the others), the limit a
/// take may not pass, the 80 % warning (once a window), the first refusal (once a window), and the block size of a
/// leased budget. Decisions never look at a clock: the caller passes the moment.
/// </summary>
public static class SendBudgetRules
{
    /// <summary>The share of a budget at which <c>sends.budget_warning</c> is emitted.</summary>
    public const double WarningShare = 0.8;

    /// <summary>
    /// A leased budget (agent, team, app) is handed to instances in blocks of at most 1/<see cref="BlocksPerBudget"/> of
    /// its limit (2 %) and at most 1/<see cref="RemainingShare"/> of what is left: never more than the limit is handed out,
    /// an instance that comes late still gets a block while anything is left, and the blocks shrink as the budget runs
    /// out, so little is left unspent in other instances when it does.
    /// </summary>
    public const int BlocksPerBudget = 50;

    /// <inheritdoc cref="BlocksPerBudget"/>
    public const int RemainingShare = 10;

    /// <summary>
    /// An instance's first block of a budget in a window is at most this many sends; each further block doubles, up to
    /// <see cref="BlockSize"/>. An instance that sends little holds little: what it leaves unspent is at most about what it spent.
    /// </summary>
    public const int FirstBlock = 8;

    public static BudgetWindow WindowOf(SendBudgetScope scope, DateTimeOffset now) =>
        scope == SendBudgetScope.Agent ? BudgetWindow.HourOf(now) : BudgetWindow.DayOf(now);

    /// <summary>The count at which the warning is due: 80 % of <paramref name="limit"/>, rounded up.</summary>
    public static int WarningAt(int limit) => (int)Math.Ceiling(limit * WarningShare);

    /// <summary>How many sends one lease of a budget of <paramref name="limit"/> claims at once when <paramref name="used"/> are handed out (at least 1).</summary>
    public static int BlockSize(int limit, int used) => Math.Max(1, Math.Min(limit / BlocksPerBudget, (limit - used) / RemainingShare));

    /// <summary>The block an instance claims after <paramref name="claims"/> earlier claims of the window: <see cref="FirstBlock"/>, doubling, up to <see cref="BlockSize"/>.</summary>
    public static int NextBlock(int claims, int limit, int used) =>
        (int)Math.Min(BlockSize(limit, used), (long)FirstBlock << Math.Min(claims, 24));

    /// <summary>
    /// Takes up to <paramref name="wanted"/> units, and at least <paramref name="minimum"/> (else none: a refusal), without
    /// passing <paramref name="limit"/>. The take that reaches 80 % signals the warning; the first refusal of the window
    /// signals it (later ones change nothing, so they need no write).
    /// </summary>
    public static BudgetTake Take(BudgetCount count, int wanted, int minimum, int limit)
    {
        ArgumentNullException.ThrowIfNull(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimum, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(wanted, minimum);
        var available = limit - count.Used;
        if (available < minimum)
        {
            return new BudgetTake(0, count with { Exceeded = true }, count.Exceeded ? BudgetSignal.None : BudgetSignal.Exceeded);
        }
        var granted = Math.Min(wanted, available);
        var used = count.Used + granted;
        var warnNow = !count.Warned && used >= WarningAt(limit);
        return new BudgetTake(granted, count with { Used = used, Warned = count.Warned || warnNow }, warnNow ? BudgetSignal.Warning : BudgetSignal.None);
    }

    /// <summary>Gives back <paramref name="units"/> taken by a request that then sent nothing (another budget refused it).</summary>
    public static BudgetCount GiveBack(BudgetCount count, int units)
    {
        ArgumentNullException.ThrowIfNull(count);
        return count with { Used = Math.Max(0, count.Used - units) };
    }

    /// <summary>The word <c>GET /api/health</c> says of the app-wide budget: <c>ok</c>, <c>near</c> (80 % reached) or <c>exceeded</c>.</summary>
    public static string HealthWord(BudgetCount? count, int limit) =>
        count is null ? "ok"
        : count.Exceeded || count.Used >= limit ? "exceeded"
        : count.Used >= WarningAt(limit) ? "near"
        : "ok";
}
