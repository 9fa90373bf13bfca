namespace OtpSessions.Core.Otp;

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
