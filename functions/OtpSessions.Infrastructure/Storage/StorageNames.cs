namespace OtpSessions.Infrastructure.Storage;

/// <summary>Every table name, in one place.</summary>
public static class TableNames
{
    public const string Sessions = "sessions";
    public const string Idempotency = "idempotency";
    public const string Policies = "policies";

    /// <summary>Email operation id → (session, participant, what was sent), for delivery reports (an SMS carries this in its tag).</summary>
    public const string Deliveries = "deliveries";

    /// <summary>Session summaries by agent and by team, newest first (<c>GET /api/sessions</c>).</summary>
    public const string SessionIndex = "sessionindex";

    /// <summary>Send budget counters (per address, agent, team, app and window) that hold across app instances.</summary>
    public const string SendBudgets = "sendbudgets";

    /// <summary>Sessions' final evidence records, kept for <c>Evidence__RetentionDays</c> after the session expired.</summary>
    public const string Evidence = "evidence";

    /// <summary>The insights projection: per ledger (team, or a teamless agent), counters per day and what is remembered of each session.</summary>
    public const string Insights = "insights";

    /// <summary>Passkeys by owner (a keyed hash of the person's verified address) and credential id.</summary>
    public const string Passkeys = "passkeys";

    /// <summary>Issued WebAuthn challenges (single use, two minutes).</summary>
    public const string PasskeyChallenges = "passkeychallenges";

    /// <summary>"Not me" links: the hash of a report token → its session, participant and channel (until the session ends).</summary>
    public const string ReportLinks = "reportlinks";

    public static readonly IReadOnlyList<string> All = [Sessions, Idempotency, Policies, Deliveries, SessionIndex, SendBudgets, Evidence, Insights, Passkeys, PasskeyChallenges, ReportLinks];
}
