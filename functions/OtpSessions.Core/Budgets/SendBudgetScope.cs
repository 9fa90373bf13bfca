namespace OtpSessions.Core.Budgets;

/// <summary>Whose sends a budget counts. Wire form (events): <c>address</c>, <c>agent</c>, <c>team</c>, <c>app</c>.</summary>
public enum SendBudgetScope
{
    /// <summary>One destination address, a UTC day; counted exactly.</summary>
    Address,
    /// <summary>One agent's sessions, a clock hour; counted in leased blocks.</summary>
    Agent,
    /// <summary>One team's sessions, a UTC day; counted in leased blocks.</summary>
    Team,
    /// <summary>The whole app, a UTC day; counted in leased blocks.</summary>
    App,
}
