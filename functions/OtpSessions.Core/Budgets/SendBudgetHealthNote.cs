using OtpSessions.Core.Health;

namespace OtpSessions.Core.Budgets;

/// <summary><c>GET /api/health</c>'s <c>sendBudget</c>: <c>ok</c>, <c>near</c> or <c>exceeded</c> for the app-wide budget — a word, no counts.</summary>
public sealed class SendBudgetHealthNote(SendBudgets budgets) : IHealthNote
{
    public string Name => "sendBudget";

    public Task<string> ReadAsync(CancellationToken cancellationToken) => budgets.AppStatusAsync(cancellationToken);
}
