using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Otp;

/// <summary>
/// Everything the OTP rules (<see cref="OtpRules"/>) look at for one participant, as an immutable value: the rules
/// return a new state, which the caller writes back with the version it read (optimistic concurrency: on a conflict,
/// reload and decide again, so that N parallel wrong guesses count N attempts).
/// </summary>
public sealed record OtpState
{
    /// <summary>A participant who has not reached the OTP page yet.</summary>
    public static readonly OtpState Initial = new();

    /// <summary>Whether the participant has reached the OTP page (asked for a code) at least once.</summary>
    public bool ReachedOtpPage { get; init; }

    /// <summary>The current code's id; null when none was issued or it was voided by a lockout.</summary>
    public string? CodeId { get; init; }

    /// <summary>The current code as <see cref="ICodeProtector.Protect"/> returned it (never the code itself).</summary>
    public string? ProtectedCode { get; init; }

    public DateTimeOffset? IssuedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The current code was consumed by a successful verification (single use).</summary>
    public bool Used { get; init; }

    /// <summary>How many times the current code was handed to delivery (1 = first send, 2 = first resend, …).</summary>
    public int CodeSends { get; init; }

    /// <summary>Wrong codes since the last lockout (per participant, not per code).</summary>
    public int FailedAttempts { get; init; }

    public int Lockouts { get; init; }

    public DateTimeOffset? LockedUntil { get; init; }

    /// <summary><see cref="Policy.OtpPolicy.MaxLockouts"/> reached: only the agent can help, by reassigning.</summary>
    public bool Banned { get; init; }

    /// <summary>When the current entry through the link was authenticated; null while it is not (a new code starts a new entry).</summary>
    public DateTimeOffset? AuthenticatedAt { get; init; }

    /// <summary>When codes were handed to delivery within the last <see cref="OtpRules.SendWindow"/>, oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> RecentSends { get; init; } = [];

    public DateTimeOffset? LastSentAt { get; init; }

    public bool IsAuthenticated => AuthenticatedAt is not null;

    public bool HasActiveCodeAt(DateTimeOffset now) =>
        CodeId is not null && ProtectedCode is not null && !Used && ExpiresAt > now;

    /// <summary>Locked for a while (a banned participant is not "locked": it is banned for good).</summary>
    public bool IsLockedAt(DateTimeOffset now) => !Banned && LockedUntil > now;

    /// <summary>The sends still inside the sliding window at <paramref name="now"/>, oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> SendsInWindowAt(DateTimeOffset now)
    {
        var windowStart = now - OtpRules.SendWindow;
        return [.. RecentSends.Where(sentAt => sentAt > windowStart).Order()];
    }

    /// <summary>
    /// The participant status this state implies at <paramref name="now"/> (<c>authenticated</c>, <c>banned</c>,
    /// <c>locked</c>, <c>awaiting_otp</c>), or null before the OTP page (the session flow's own status applies).
    /// A stored <c>locked</c> status is stale once <see cref="LockedUntil"/> has passed: views should use this.
    /// </summary>
    public ParticipantStatus? StatusAt(DateTimeOffset now) =>
        IsAuthenticated ? ParticipantStatus.Authenticated
        : Banned ? ParticipantStatus.Banned
        : IsLockedAt(now) ? ParticipantStatus.Locked
        : ReachedOtpPage ? ParticipantStatus.AwaitingOtp
        : null;

    /// <summary>Without the protected code: safe if a state ends up in a log.</summary>
    public override string ToString() =>
        $"OtpState {{ CodeId = {CodeId}, ExpiresAt = {ExpiresAt:O}, Used = {Used}, FailedAttempts = {FailedAttempts}, " +
        $"Lockouts = {Lockouts}, LockedUntil = {LockedUntil:O}, Banned = {Banned}, Sends = {RecentSends.Count} }}";
}
