namespace OtpSessions.Core.Events;

/// <summary>
/// Where an outbox event's partition shows on the broker: a session's events carry its id as <c>subject</c> and Service
/// Bus <c>SessionId</c>; events that belong to no session — a team's (partition <c>team|{team}</c>) or the app's
/// (partition <c>app</c>) — carry the team (or <c>app</c>) as <c>subject</c> and <c>team:{team}</c> (or <c>app</c>) as
/// <c>SessionId</c>, so session-enabled subscriptions take them in order per team.
/// </summary>
public static class EventSubjects
{
    /// <summary>The prefix of a team's partition in the <c>sessions</c> table.</summary>
    public const string TeamPartitionPrefix = "team|";

    /// <summary>The partition of a team's audit rows and events (policy changes, send budget signals): <c>team|{team}</c>.</summary>
    public static string TeamPartition(string team) => TeamPartitionPrefix + team;

    /// <summary>The CloudEvents <c>subject</c> of an event of <paramref name="partition"/>.</summary>
    public static string SubjectOf(string partition) =>
        partition.StartsWith(TeamPartitionPrefix, StringComparison.Ordinal) ? partition[TeamPartitionPrefix.Length..] : partition;

    /// <summary>The Service Bus <c>SessionId</c> of an event of <paramref name="partition"/>.</summary>
    public static string BrokerSessionOf(string partition) =>
        partition.StartsWith(TeamPartitionPrefix, StringComparison.Ordinal) ? "team:" + partition[TeamPartitionPrefix.Length..] : partition;
}
