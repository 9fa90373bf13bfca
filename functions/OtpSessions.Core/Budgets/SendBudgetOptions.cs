namespace OtpSessions.Core.Budgets;

/// <summary>
/// Send budgets across sessions (settings <c>SendBudgets__…</c>, validated at start): how many messages (invitations,
/// codes, resends, new links) may go to one address a UTC day, for one agent's sessions a clock hour, for one team's a
/// UTC day and for the whole app a UTC day. A deployment sizes the team and app budgets to its traffic.
/// </summary>
public sealed class SendBudgetOptions
{
    public const string SectionName = "SendBudgets";

    [Range(1, 10_000, ErrorMessage = "SendBudgets__PerAddressPerDay must be between 1 and 10,000.")]
    public int PerAddressPerDay { get; set; } = 20;

    [Range(1, 1_000_000, ErrorMessage = "SendBudgets__PerAgentPerHour must be between 1 and 1,000,000.")]
    public int PerAgentPerHour { get; set; } = 200;

    [Range(1, 100_000_000, ErrorMessage = "SendBudgets__PerTeamPerDay must be between 1 and 100,000,000.")]
    public int PerTeamPerDay { get; set; } = 5_000;

    [Range(1, 1_000_000_000, ErrorMessage = "SendBudgets__AppPerDay must be between 1 and 1,000,000,000.")]
    public int AppPerDay { get; set; } = 200_000;

    /// <summary>The limit of <paramref name="scope"/>'s budget.</summary>
    public int LimitOf(SendBudgetScope scope) => scope switch
    {
        SendBudgetScope.Address => PerAddressPerDay,
        SendBudgetScope.Agent => PerAgentPerHour,
        SendBudgetScope.Team => PerTeamPerDay,
        _ => AppPerDay,
    };
}
