using OtpSessions.Core.Events;

namespace OtpSessions.Core.Insights;

/// <summary>
/// An event the projection applies, with the owner of its session as the commit that stored it knew it (the terms of
/// the session: its agent and team). Events of no session (a team's send budget signals) name their team in their data.
/// </summary>
public sealed record InsightsEvent(OutboxEvent Event, string? Team, string? AgentId);
