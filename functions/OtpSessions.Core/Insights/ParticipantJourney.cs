namespace OtpSessions.Core.Insights;

// What the projection remembers of one participant (stored as JSON with its journey): when it was invited and which
// stages it reached, so that each stage counts once, on the day it was invited, however often its events arrive.

/// <summary>One participant's journey so far.</summary>
public sealed record ParticipantJourney
{
    /// <summary>When it was invited (the event that added it); its figures count on this UTC day.</summary>
    public required DateTimeOffset InvitedAt { get; init; }

    /// <summary>ISO 3166 region of its SMS number's country calling code; null without an SMS address.</summary>
    public string? Country { get; init; }

    public DateTimeOffset? OpenedAt { get; init; }

    public DateTimeOffset? OtpPageAt { get; init; }

    /// <summary>Its first authentication (later entries authenticate again; they do not count again).</summary>
    public DateTimeOffset? AuthenticatedAt { get; init; }

    public int Lockouts { get; init; }

    public bool Banned { get; init; }

    public bool Reported { get; init; }

    /// <summary>Its sends (invitations and codes), each with its latest outcome, oldest first; at most <see cref="MaxSends"/>.</summary>
    public IReadOnlyList<SendOutcome> Sends { get; init; } = [];

    public const int MaxSends = 16;
}

/// <summary>One send (<c>invitation:{attempt}</c> or <c>code:{codeId}:{send}</c>) and its latest outcome.</summary>
public sealed record SendOutcome(string Send, Channel Channel, SendState State);

/// <summary>A send's latest outcome: accepted (no report yet), delivered, failed.</summary>
public enum SendState
{
    Sent,
    Delivered,
    Failed,
}
