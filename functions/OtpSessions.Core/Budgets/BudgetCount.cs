namespace OtpSessions.Core.Budgets;

/// <summary>
/// A budget's counter in one window: the sends counted (for a leased budget: handed out to app instances in blocks),
/// and whether its 80 % warning and its first refusal have been signalled (each once a window).
/// </summary>
public sealed record BudgetCount(int Used, bool Warned, bool Exceeded)
{
    public static readonly BudgetCount Zero = new(0, false, false);
}
