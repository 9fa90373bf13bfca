namespace OtpSessions.Functions.Http;

/// <summary>Route ids and the Idempotency-Key header checked before any lookup: a malformed one is 400 <c>invalid_request</c>.</summary>
public static class RequestIds
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int MaxIdempotencyKeyLength = 200;

    public static IActionResult? CheckSession(string? sessionId) =>
        SessionIds.IsSessionId(sessionId) ? null : Invalid("sessionId", "sessionId is not a session id (s_…).");

    public static IActionResult? CheckParticipant(string? sessionId, string? participantId) =>
        CheckSession(sessionId)
        ?? (SessionIds.IsParticipantId(participantId) ? null : Invalid("participantId", "participantId is not a participant id (p_…)."));

    /// <summary>The key (1–200 printable ASCII characters), null when the header is absent, or the 400 problem.</summary>
    public static (string? Key, IActionResult? Problem) IdempotencyKey(Microsoft.AspNetCore.Http.HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Headers.TryGetValue(IdempotencyKeyHeader, out var values))
        {
            return (null, null);
        }
        var key = values.Count == 1 ? values[0] : null;
        return key is { Length: > 0 and <= MaxIdempotencyKeyLength } && key.All(c => c is >= '!' and <= '~')
            ? (key, null)
            : (null, Invalid(IdempotencyKeyHeader, $"{IdempotencyKeyHeader} must be 1–{MaxIdempotencyKeyLength} printable ASCII characters without spaces."));
    }

    private static ObjectResult Invalid(string field, string message) =>
        Problems.InvalidRequest(message, new Dictionary<string, string[]> { [field] = [message] });
}
