using OtpSessions.Core.Messaging;
using OtpSessions.Core.Otp;

namespace OtpSessions.Core.Sessions;

/// <summary>
/// A participant: who is invited, how, and everything the customer/OTP flow needs
/// (status, current code, attempts, lockouts, send history, delivery states, access tokens).
/// </summary>
public sealed record Participant
{
    public required string ParticipantId { get; init; }

    public required string SessionId { get; init; }

    /// <summary>Order within the session (the view lists participants by it).</summary>
    public int Index { get; init; }

    public required ParticipantRole Role { get; init; }

    public required string Name { get; init; }

    /// <summary>The language of the participant's messages and join page.</summary>
    public Locale Locale { get; init; } = Locale.En;

    /// <summary>Where the invite link goes.</summary>
    public required Contact Invite { get; init; }

    /// <summary>Where codes go (Auto OTP); null = manual OTP (the agent reads the code out).</summary>
    public Contact? Otp { get; init; }

    public OtpMode OtpMode => Otp is null ? OtpMode.Manual : OtpMode.Auto;

    public ParticipantStatus Status { get; init; } = ParticipantStatus.Invited;

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The current invitation (link). A new link replaces it; a resend of the same link bumps its attempt.</summary>
    public required InvitationState Invitation { get; init; }

    public DateTimeOffset? OpenedAt { get; init; }

    /// <summary>
    /// The participant's OTP state: the current code (protected), attempts, lockouts, sends, when it reached the OTP page
    /// and when its current entry was authenticated. Written through <see cref="WithOtp"/>.
    /// </summary>
    public OtpState OtpState { get; init; } = OtpState.Initial;

    /// <summary>When invitations were sent or resent within the last hour (for the per-hour limit), oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> InvitationSendTimes { get; init; } = [];

    /// <summary>
    /// The delivery of the latest code send asked for (<see cref="DeliveryKindNames.Code"/>): as the participant row asked
    /// for it (<c>queued</c>, <c>none</c>, <c>refused</c>), or as its <see cref="DeliveryRecord"/> says once the delivery
    /// side recorded that send (the stores merge the two as the code kind's rule says).
    /// </summary>
    public Delivery OtpDelivery { get; init; } = Delivery.None(DeliveryKindNames.Code);

    /// <summary>
    /// The delivery side's record of this participant's code sends, as loaded (with its <see cref="Delivery.Version"/> for the
    /// next write); null before the first, and on a participant loaded without it.
    /// </summary>
    public Delivery? DeliveryRecord { get; init; }

    /// <summary>The participant who replaced this one (status <c>reassigned</c>).</summary>
    public string? ReplacedBy { get; init; }

    /// <summary>The participant this one replaced.</summary>
    public string? Replaces { get; init; }

    /// <summary>
    /// The id of the master key its "not me" report links were made with (<see cref="TokenFactory.NewReportLinks"/>); null
    /// on a participant stored before report links existed (its messages go without one).
    /// </summary>
    public string? ReportKeyId { get; init; }

    /// <summary>When a recipient of its messages said "not me" (status <c>reported</c>).</summary>
    public DateTimeOffset? ReportedAt { get; init; }

    /// <summary>The version the participant was loaded at; null for a participant not yet stored.</summary>
    public StoredVersion? Version { get; init; }

    /// <summary>False once reassigned or removed: its link, code and token no longer work.</summary>
    public bool IsCurrent => Status is not (ParticipantStatus.Reassigned or ParticipantStatus.Removed);

    /// <summary>True once a recipient said "not me": its link, code and tokens no longer work and nothing more is sent to it.</summary>
    public bool IsReported => Status == ParticipantStatus.Reported;

    /// <summary>
    /// Whether a "not me" report changes this participant: a current one not yet reported. A reassigned or removed one
    /// has nothing left to stop (its replacement was the agent's decision); a reported one is reported already.
    /// </summary>
    public bool CanBeReported => IsCurrent && !IsReported;

    /// <summary>
    /// The participant after a "not me" report at <paramref name="now"/>: <c>reported</c> (whatever it was — locked, banned,
    /// authenticated: someone else may hold its link), its code voided and every access token ended; its link stops
    /// because the link rules refuse a reported participant. The agent reassigns it.
    /// </summary>
    public Participant Reported(DateTimeOffset now) => this with
    {
        Status = ParticipantStatus.Reported,
        ReportedAt = now,
        AccessTokens = [],
        OtpState = OtpState.WithoutCode() with { AuthenticatedAt = null },
    };

    /// <summary>
    /// The status to show at <paramref name="now"/>: a stored <c>locked</c> whose <see cref="OtpState.LockedUntil"/> has passed is
    /// <c>awaiting_otp</c> again (the participant is back on the OTP page).
    /// </summary>
    public ParticipantStatus StatusAt(DateTimeOffset now) =>
        Status == ParticipantStatus.Locked && !(OtpState.LockedUntil > now)
            ? (!OtpState.ReachedOtpPage ? ParticipantStatus.Opened : ParticipantStatus.AwaitingOtp)
            : Status;

    /// <summary>
    /// With <paramref name="state"/> (as <see cref="OtpState.Settled"/>: a used or voided code is gone) and the status it
    /// implies at <paramref name="now"/> (unchanged before the OTP page).
    /// </summary>
    public Participant WithOtp(OtpState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return this with { OtpState = state.Settled(), Status = state.StatusAt(now) ?? Status };
    }

    /// <summary>
    /// The access tokens of this participant's entries that still work (hashes only), oldest first: each entry through the
    /// link gets its own; sign-out removes one. At most <see cref="MaxAccessTokens"/> are kept (a newer entry signs the
    /// oldest out).
    /// </summary>
    public IReadOnlyList<AccessGrant> AccessTokens { get; init; } = [];

    public const int MaxAccessTokens = 16;

    /// <summary>With one more access token (expired ones dropped; past <see cref="MaxAccessTokens"/> the oldest goes).</summary>
    public Participant WithAccessToken(AccessGrant grant, DateTimeOffset now) =>
        this with { AccessTokens = [.. AccessTokens.Where(g => g.ValidUntil > now).TakeLast(MaxAccessTokens - 1), grant] };

    /// <summary>
    /// Without any access token (an agent signed the participant out): an <c>authenticated</c> participant is
    /// <c>opened</c> again — it used its link — until it authenticates again through it.
    /// </summary>
    public Participant SignedOut() => this with
    {
        AccessTokens = [],
        OtpState = OtpState with { AuthenticatedAt = null },
        Status = Status == ParticipantStatus.Authenticated ? ParticipantStatus.Opened : Status,
    };

    /// <summary>Without the access token of <paramref name="tokenHash"/> (signed out).</summary>
    public Participant WithoutAccessToken(string tokenHash) =>
        this with { AccessTokens = [.. AccessTokens.Where(g => !string.Equals(g.TokenHash, tokenHash, StringComparison.Ordinal))] };

    /// <summary>
    /// Whether the agent may read this participant's code at <paramref name="now"/>: never in a session that is closed or
    /// expired, or for a participant reassigned, removed or reported; otherwise as <see cref="OtpRules.CanAgentView"/> decides on its
    /// state, mode and delivery. The OTP view and the session view's <c>otpViewable</c> both ask this.
    /// </summary>
    public AgentViewResult AgentView(Session session, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(session);
        return !session.IsActiveAt(now) || !IsCurrent || IsReported
            ? new AgentViewResult.Refused(new OtpRefusal(OtpRefusalReason.NotAvailable))
            : OtpRules.CanAgentView(OtpState, session.Policy, now, OtpMode, OtpDelivery);
    }
}
