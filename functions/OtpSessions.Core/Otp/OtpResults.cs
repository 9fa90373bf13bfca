using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Otp;

/// <summary>Why an OTP rule said no. Each reason has one error code (docs/api.md) and one HTTP status.</summary>
public enum OtpRefusalReason
{
    /// <summary>423 <c>participant_locked</c> with Retry-After (until <see cref="OtpState.LockedUntil"/>).</summary>
    Locked,

    /// <summary>423 <c>participant_banned</c> without Retry-After: too many lockouts, the agent must reassign.</summary>
    Banned,

    /// <summary>409 <c>otp_manual_mode</c>: resend asked for a participant without an OTP channel.</summary>
    ManualMode,

    /// <summary>429 <c>too_many_requests</c> with Retry-After (resend cooldown or hourly cap).</summary>
    TooManyRequests,

    /// <summary>409 <c>otp_not_requested</c>: no code to verify against.</summary>
    NotRequested,

    /// <summary>410 <c>otp_expired</c>.</summary>
    Expired,

    /// <summary>400 <c>otp_invalid</c> with <see cref="OtpRefusal.AttemptsRemaining"/>.</summary>
    InvalidCode,

    /// <summary>403 <c>otp_view_disabled</c>: the policy does not let agents see codes.</summary>
    ViewDisabled,

    /// <summary>409 <c>otp_not_available</c>: the participant has not reached the OTP page, or no code is active.</summary>
    NotAvailable,

    /// <summary>
    /// 409 <c>otp_delivery_pending</c> with Retry-After: an Auto OTP code is queued, or was sent less than
    /// <see cref="Policy.OtpPolicy.AutoOtpViewDelay"/> ago, and may still arrive.
    /// </summary>
    DeliveryPending,

    /// <summary>409 <c>otp_delivered</c>: a delivery report says the Auto OTP code reached the participant.</summary>
    Delivered,
}

/// <summary>A refusal of an OTP rule, with what the answer needs.</summary>
/// <param name="RetryAfter">
/// For <see cref="OtpRefusalReason.Locked"/>, <see cref="OtpRefusalReason.TooManyRequests"/> and
/// <see cref="OtpRefusalReason.DeliveryPending"/>.
/// </param>
/// <param name="AttemptsRemaining">For <see cref="OtpRefusalReason.InvalidCode"/>.</param>
public sealed record OtpRefusal(OtpRefusalReason Reason, TimeSpan? RetryAfter = null, int? AttemptsRemaining = null)
{
    public string ErrorCode => Reason switch
    {
        OtpRefusalReason.Locked => OtpErrorCodes.ParticipantLocked,
        OtpRefusalReason.Banned => OtpErrorCodes.ParticipantBanned,
        OtpRefusalReason.ManualMode => OtpErrorCodes.OtpManualMode,
        OtpRefusalReason.TooManyRequests => OtpErrorCodes.TooManyRequests,
        OtpRefusalReason.NotRequested => OtpErrorCodes.OtpNotRequested,
        OtpRefusalReason.Expired => OtpErrorCodes.OtpExpired,
        OtpRefusalReason.InvalidCode => OtpErrorCodes.OtpInvalid,
        OtpRefusalReason.ViewDisabled => OtpErrorCodes.OtpViewDisabled,
        OtpRefusalReason.NotAvailable => OtpErrorCodes.OtpNotAvailable,
        OtpRefusalReason.DeliveryPending => OtpErrorCodes.OtpDeliveryPending,
        OtpRefusalReason.Delivered => OtpErrorCodes.OtpDelivered,
        _ => throw new ArgumentOutOfRangeException(nameof(Reason), Reason, null),
    };

    /// <summary>The application-layer failure (kind → HTTP status, code, detail, Retry-After).</summary>
    public Failure ToFailure() => new(Kind, ErrorCode, Detail)
    {
        RetryAfter = RetryAfter,
        Extensions = AttemptsRemaining is { } remaining ? new Dictionary<string, object?> { ["attemptsRemaining"] = remaining } : null,
    };

    private FailureKind Kind => Reason switch
    {
        OtpRefusalReason.Locked or OtpRefusalReason.Banned => FailureKind.Locked,
        OtpRefusalReason.TooManyRequests => FailureKind.TooManyRequests,
        OtpRefusalReason.Expired => FailureKind.Gone,
        OtpRefusalReason.InvalidCode => FailureKind.Invalid,
        OtpRefusalReason.ViewDisabled => FailureKind.Forbidden,
        _ => FailureKind.Conflict,
    };

    private string Detail => Reason switch
    {
        OtpRefusalReason.Locked => "Too many wrong codes. Try again later.",
        OtpRefusalReason.Banned => "Too many wrong codes. Ask the agent to invite you again.",
        OtpRefusalReason.ManualMode => "Codes for this participant are given by the agent, not sent.",
        OtpRefusalReason.TooManyRequests => "Too many codes were requested. Try again later.",
        OtpRefusalReason.NotRequested => "No code was issued. Open the code page first.",
        OtpRefusalReason.Expired => "The code has expired. Ask for a new one.",
        OtpRefusalReason.InvalidCode => "The code is not correct.",
        OtpRefusalReason.ViewDisabled => "The policy does not allow agents to view codes.",
        OtpRefusalReason.NotAvailable => "No code is available: the participant has not reached the code page, or the code was used or expired.",
        OtpRefusalReason.DeliveryPending => "The code is on its way to the participant's own address; it becomes viewable if it does not arrive.",
        OtpRefusalReason.Delivered => "The code reached the participant's own address: ask them to look again, or to ask for it again.",
        _ => throw new ArgumentOutOfRangeException(nameof(Reason), Reason, null),
    };
}

/// <summary>The participant's active code after <see cref="OtpRules.RequestCode"/> or <see cref="OtpRules.Resend"/>.</summary>
/// <param name="CodeId">The active code's id (the <c>otp-deliveries</c> message carries it).</param>
/// <param name="IssuedNew">A new code was issued (stored on the participant row; event <c>otp.requested</c>).</param>
/// <param name="ShouldSend">
/// Enqueue one <c>otp-deliveries</c> message. False for manual OTP, for a code that is already active, and when
/// the resend cooldown or hourly cap holds a new code back (then <paramref name="ResendAvailableAt"/> says when).
/// </param>
/// <param name="SendNumber">
/// How many times this code has been handed to delivery (1 = first send). Use it in the sender's idempotency id
/// (<c>code:{codeId}:{sendNumber}</c>) so that a resend is not deduplicated as a retry of the first send.
/// </param>
/// <param name="ResendAvailableAt">When a resend will be accepted (Auto OTP); null for manual OTP.</param>
public sealed record ActiveCode(
    string CodeId,
    bool IssuedNew,
    bool ShouldSend,
    int SendNumber,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? ResendAvailableAt,
    int AttemptsRemaining);

/// <summary>The answer of <see cref="OtpRules.RequestCode"/> and <see cref="OtpRules.Resend"/>.</summary>
/// <param name="NewState">The state to write back (with the version read), or null when nothing changed.</param>
public abstract record OtpCodeResult(OtpState? NewState)
{
    public sealed record Ready(ActiveCode Code, OtpState? NewState) : OtpCodeResult(NewState);

    public sealed record Refused(OtpRefusal Refusal) : OtpCodeResult((OtpState?)null);
}

/// <summary>The answer of <see cref="OtpRules.Verify(OtpState, Policy.OtpPolicy, DateTimeOffset, bool)"/>.</summary>
/// <param name="NewState">The state to write back (with the version read), or null when nothing changed.</param>
public abstract record VerifyResult(OtpState? NewState)
{
    /// <summary>The code was right: it is consumed, the participant is authenticated (issue the access token).</summary>
    public sealed record Authenticated(OtpState NewState) : VerifyResult(NewState);

    /// <summary>
    /// No. A wrong code changes the state (one more attempt); <paramref name="LockedNow"/> says this very attempt
    /// locked or banned the participant (event <c>participant.locked</c>).
    /// </summary>
    public sealed record Refused(OtpRefusal Refusal, OtpState? NewState = null, bool LockedNow = false) : VerifyResult(NewState);
}

/// <summary>The answer of <see cref="OtpRules.CanAgentView"/>.</summary>
public abstract record AgentViewResult
{
    /// <summary>The agent may see the code: unprotect it with <see cref="ICodeProtector.TryUnprotect"/>, audit, emit <c>otp.viewed</c>.</summary>
    public sealed record Allowed(string CodeId, string ProtectedCode, DateTimeOffset ExpiresAt) : AgentViewResult
    {
        public override string ToString() => $"Allowed {{ CodeId = {CodeId}, ExpiresAt = {ExpiresAt:O} }}";
    }

    /// <param name="Refusal">Why not.</param>
    /// <param name="ViewableAt">
    /// For <see cref="OtpRefusalReason.DeliveryPending"/> of a code already sent: when it becomes viewable unless a
    /// delivery report confirms it first; null otherwise (a queued send has not started the wait).
    /// </param>
    public sealed record Refused(OtpRefusal Refusal, DateTimeOffset? ViewableAt = null) : AgentViewResult;
}
