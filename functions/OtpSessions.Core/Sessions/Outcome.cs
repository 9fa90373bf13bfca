namespace OtpSessions.Core.Sessions;

/// <summary>What kind of "no" an application service answered; the HTTP layer maps it to a status code.</summary>
public enum FailureKind
{
    /// <summary>400: the input breaks a rule (field-level <see cref="Failure.Errors"/>).</summary>
    Invalid,
    /// <summary>404.</summary>
    NotFound,
    /// <summary>409: the state does not allow it.</summary>
    Conflict,
    /// <summary>429 with <see cref="Failure.RetryAfter"/>.</summary>
    TooManyRequests,
    /// <summary>403: policy forbids it.</summary>
    Forbidden,
    /// <summary>410.</summary>
    Gone,
    /// <summary>423 (with <see cref="Failure.RetryAfter"/> while a lockout is in force).</summary>
    Locked,
    /// <summary>503 with <see cref="Failure.RetryAfter"/>: contention, or storage briefly out of reach; try again.</summary>
    Unavailable,
    /// <summary>422: well-formed, but it contradicts an earlier request (an Idempotency-Key reused with another body).</summary>
    Unprocessable,
    /// <summary>412: the request's <c>If-Match</c> names a version that is no longer the current one; nothing was changed.</summary>
    PreconditionFailed,
}

/// <summary>A refusal with a stable machine <see cref="Code"/> (docs/api.md) and a human <see cref="Detail"/>.</summary>
public sealed record Failure(FailureKind Kind, string Code, string Detail)
{
    /// <summary>Field path (e.g. <c>participants[0].invite.address</c>) → messages.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    /// <summary>More members of the problem body (e.g. <c>attemptsRemaining</c> of <c>otp_invalid</c>).</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    /// <summary>The <c>Retry-After</c> header value of <see cref="RetryAfter"/>: whole seconds, rounded up, at least 1.</summary>
    public int? RetryAfterSeconds => RetryAfter is { } wait ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : null;

    public static Failure SessionNotFound() =>
        new(FailureKind.NotFound, ErrorCodes.SessionNotFound, "No such session.");

    public static Failure ParticipantNotFound() =>
        new(FailureKind.NotFound, ErrorCodes.ParticipantNotFound, "No such participant in this session.");

    public static Failure SessionClosed() =>
        new(FailureKind.Conflict, ErrorCodes.SessionClosed, "The session is closed.");

    /// <summary>Too many concurrent changes of the same rows: the request changed nothing; try again after <see cref="RetryAfter"/>.</summary>
    public static Failure Busy() =>
        new(FailureKind.Unavailable, ErrorCodes.Busy, "Too many requests are changing this at the same moment. Try again shortly.")
        {
            RetryAfter = ConcurrencyRetry.BusyRetryAfter,
        };

    /// <summary>
    /// Storage did not answer (after the SDK's retries): <c>busy</c> as well, so a client has one thing to do — wait for
    /// <see cref="RetryAfter"/> and try again. Every change is version-checked, so a retry never applies one twice.
    /// </summary>
    public static Failure StorageUnavailable() =>
        new(FailureKind.Unavailable, ErrorCodes.Busy, "The service is briefly unavailable. Try again shortly.")
        {
            RetryAfter = StorageUnavailableRetryAfter,
        };

    /// <summary>How long a caller told the service is briefly unavailable should wait before trying again.</summary>
    public static readonly TimeSpan StorageUnavailableRetryAfter = TimeSpan.FromSeconds(5);
}

/// <summary>Either a value or a <see cref="Failure"/>. Application services answer with this instead of throwing.</summary>
public sealed class Outcome<T>
{
    private Outcome(T? value, Failure? failure)
    {
        Value = value;
        Failure = failure;
    }

    public T? Value { get; }

    public Failure? Failure { get; }

    public bool IsSuccess => Failure is null;

    public static Outcome<T> Success(T value) => new(value, null);

    public static Outcome<T> Fail(Failure failure) => new(default, failure);

    public static implicit operator Outcome<T>(T value) => Success(value);

    public static implicit operator Outcome<T>(Failure failure) => Fail(failure);
}

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

    /// <summary>409: a participant needs SMS and this deployment has no SMS sender number yet.</summary>
    public const string SmsNotConfigured = "sms_not_configured";
}
