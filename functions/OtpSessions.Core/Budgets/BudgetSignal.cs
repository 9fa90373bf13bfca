namespace OtpSessions.Core.Budgets;

/// <summary>What a take signals, besides what it grants: nothing, 80 % reached, or the first refusal of the window.</summary>
public enum BudgetSignal
{
    None,
    Warning,
    Exceeded,
}
