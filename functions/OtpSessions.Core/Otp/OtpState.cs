using OtpSessions.Core.Messaging;

namespace OtpSessions.Core.Otp;

/// <summary>
/// A participant's OTP state — the one model of it: <see cref="Participant.OtpState"/> holds it, the OTP rules
/// (<see cref="OtpRules"/>) decide on it and return a new one, which <see cref="Participant.WithOtp"/> writes back with
/// the status it implies; the caller stores the participant with the version it read (optimistic concurrency: on a
/// conflict, reload and decide again, so that N parallel wrong guesses count N attempts). The current code lives here
/// (protected), so a verification reads one row and writes it back.
/// </summary>
public sealed record OtpState
{
    /// <summary>A participant who has not reached the OTP page yet.</summary>
    public static readonly OtpState Initial = new();

    /// <summary>When the participant first reached the OTP page (asked for a code); null before.</summary>
    public DateTimeOffset? OtpRequestedAt { get; init; }

    /// <summary>Whether the participant has reached the OTP page (asked for a code) at least once.</summary>
    public bool ReachedOtpPage => OtpRequestedAt is not null;

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

    /// <summary>
    /// The highest send number of the current code the provider accepted (0 = none): a queue message finds nothing left
    /// to do once it reaches <see cref="CodeSends"/>. A new code starts at 0.
    /// </summary>
    public int CodeSendsAccepted { get; init; }

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

    /// <summary>The latest send. The cooldown is at most the send window (OtpPolicy), so the latest send kept is the one that matters.</summary>
    public DateTimeOffset? LastSentAt => RecentSends.Count == 0 ? null : RecentSends.Max();

    public bool IsAuthenticated => AuthenticatedAt is not null;

    public bool HasActiveCodeAt(DateTimeOffset now) =>
        CodeId is not null && ProtectedCode is not null && !Used && ExpiresAt > now;

    /// <summary>
    /// The id of send number <paramref name="send"/> of the current code: the sender's idempotency id (a retried queue
    /// message never sends twice, a resend is a new message) and what its delivery names, so a delivery report applies
    /// to its own send only.
    /// </summary>
    public string SendId(int send) => $"{DeliveryKindNames.Code}:{CodeId}:{send}";

    /// <summary>The id of the current code's latest send (<see cref="CodeSends"/>): the only one whose delivery report still counts.</summary>
    public string LatestSendId => SendId(CodeSends);

    /// <summary>
    /// As stored: the current code kept only while it can still be entered (one consumed by a verification, voided by a
    /// lockout or without its protected value is dropped, with its send counts).
    /// </summary>
    public OtpState Settled() =>
        this is { CodeId: not null, ProtectedCode: not null, ExpiresAt: not null, Used: false } ? this : WithoutCode();

    /// <summary>Without a current code (voided, used, or its participant reassigned).</summary>
    public OtpState WithoutCode() => this with
    {
        CodeId = null,
        ProtectedCode = null,
        IssuedAt = null,
        ExpiresAt = null,
        Used = false,
        CodeSends = 0,
        CodeSendsAccepted = 0,
    };

    /// <summary>Locked for a while (a banned participant is not "locked": it is banned for good).</summary>
    public bool IsLockedAt(DateTimeOffset now) => !Banned && LockedUntil > now;

    /// <summary>The sends still inside the sliding window at <paramref name="now"/>, oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> SendsInWindowAt(DateTimeOffset now)
    {
        var windowStart = now - OtpRules.SendWindow;
        return [.. RecentSends.Where(sentAt => sentAt > windowStart).Order()];
    }

    /// <summary>Without the protected code: safe if a state ends up in a log.</summary>
    public override string ToString() =>
        $"OtpState {{ CodeId = {CodeId}, ExpiresAt = {ExpiresAt:O}, Used = {Used}, FailedAttempts = {FailedAttempts}, " +
        $"CodeSends = {CodeSends}, CodeSendsAccepted = {CodeSendsAccepted}, Lockouts = {Lockouts}, LockedUntil = {LockedUntil:O}, Banned = {Banned}, Sends = {RecentSends.Count} }}";
}
