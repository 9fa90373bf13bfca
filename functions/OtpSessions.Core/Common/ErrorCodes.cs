namespace OtpSessions.Core.Common;

/// <summary>
/// Stable error codes of the agent API and of every endpoint (with <see cref="Join.JoinErrorCodes"/> and
/// <see cref="Otp.OtpErrorCodes"/>: every code the API answers; the OpenAPI document and docs/api.md list the same).
/// </summary>
public static class ErrorCodes
{
    public const string InvalidRequest = "invalid_request";
    public const string Unauthorized = "unauthorized";
    /// <summary>500: an unhandled failure (the body never echoes exception text).</summary>
    public const string InternalError = "internal_error";
    /// <summary>404 for a path that names no endpoint (answered by the local host; in Azure the Functions host answers it).</summary>
    public const string NotFound = "not_found";
    /// <summary>405 for an endpoint's path with a method it does not serve (local host, as for <see cref="NotFound"/>).</summary>
    public const string MethodNotAllowed = "method_not_allowed";
    public const string SessionNotFound = "session_not_found";
    public const string ParticipantNotFound = "participant_not_found";
    public const string OtpChannelMustDiffer = "otp_channel_must_differ";
    public const string OtpChannelRequired = "otp_channel_required";
    public const string OtpChannelNotAllowed = "otp_channel_not_allowed";
    public const string ParticipantNotReassignable = "participant_not_reassignable";
    public const string ParticipantNotInvitable = "participant_not_invitable";
    public const string SessionClosed = "session_closed";
    public const string TooManyParticipants = "too_many_participants";
    public const string TooManyRequests = "too_many_requests";
    public const string IdempotencyKeyInUse = "idempotency_key_in_use";
    public const string Busy = "busy";
    public const string ReferenceInvalid = "reference_invalid";
    public const string Forbidden = "forbidden";
    public const string SmsCountryNotAllowed = "sms_country_not_allowed";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    /// <summary>412: <c>If-Match</c> names an earlier version (another administrator changed the team's policy since it was read).</summary>
    public const string PreconditionFailed = "precondition_failed";

    /// <summary>429: sending would pass a send budget (per address, agent, team or app); nothing was sent.</summary>
    public const string SendBudgetExceeded = "send_budget_exceeded";

    /// <summary>400: an SMS address is not a number that can receive SMS (fixed line, premium-rate, toll-free, …).</summary>
    public const string AddressNotMobile = "address_not_mobile";

    /// <summary>400: a participant's <c>locale</c> names a language the product does not speak (or is not a language tag).</summary>
    public const string LocaleNotSupported = "locale_not_supported";

    /// <summary>409: a participant needs SMS and this deployment has no SMS sender number yet.</summary>
    public const string SmsNotConfigured = "sms_not_configured";

    /// <summary>400: <c>from</c>/<c>to</c> of <c>GET /api/insights</c> are not UTC days (<c>YYYY-MM-DD</c>), <c>from</c> is after <c>to</c>, or they span more than 92 days.</summary>
    public const string InvalidDateRange = "invalid_date_range";
}
