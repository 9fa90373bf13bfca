namespace OtpSessions.Core.Budgets;

/// <summary>The result of <see cref="SendBudgetRules.Take"/>: units granted (0 = refused), the counter to write, the signal.</summary>
public sealed record BudgetTake(int Granted, BudgetCount Next, BudgetSignal Signal)
{
    public bool Refused => Granted == 0;
}
