namespace OtpSessions.Core.Insights;

/// <summary>
/// What the projection remembers of one event stream — a session's (its participants' journeys), or a team's events
/// of no session (its send budget refusals, with the ids already counted). Its figures are a pure function of it
/// (<see cref="InsightsRules.Contribution"/>), so applying an event twice leaves it, and the counters, as they were.
/// </summary>
public sealed record JourneyMemory
{
    public static readonly JourneyMemory Empty = new();

    /// <summary>The session's agent (its figures also count on that agent's days); null for a team's stream.</summary>
    public string? AgentId { get; init; }

    public IReadOnlyDictionary<string, ParticipantJourney> Participants { get; init; } =
        new Dictionary<string, ParticipantJourney>(StringComparer.Ordinal);

    /// <summary>Send budget refusals per UTC day (<c>yyyy-MM-dd</c>) and, for an agent's budget, agent (<c>yyyy-MM-dd|agent</c>).</summary>
    public IReadOnlyDictionary<string, int> BudgetRefusals { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>Ids of the counted events that carry no state of their own (budget refusals), newest last; at most <see cref="MaxSeenEvents"/>.</summary>
    public IReadOnlyList<string> SeenEvents { get; init; } = [];

    /// <summary>The time of the latest event applied (the record expires a while after it).</summary>
    public DateTimeOffset LastEventAt { get; init; }

    public const int MaxSeenEvents = 512;
}
