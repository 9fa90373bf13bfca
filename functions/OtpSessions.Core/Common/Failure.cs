namespace OtpSessions.Core.Common;

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
