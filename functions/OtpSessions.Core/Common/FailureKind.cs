namespace OtpSessions.Core.Common;

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
