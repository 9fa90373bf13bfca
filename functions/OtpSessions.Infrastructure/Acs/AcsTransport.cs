using System.Net.Http.Headers;
using System.Text.Json.Serialization.Metadata;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace OtpSessions.Infrastructure.Acs;

/// <summary>Small helpers both ACS clients share.</summary>
internal static class AcsTransport
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    /// <summary>The body as bytes, so the content hash is computed over exactly what is sent.</summary>
    public static ByteArrayContent JsonBody<T>(T body, JsonTypeInfo<T> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, typeInfo));
        content.Headers.ContentType = Json;
        return content;
    }

    /// <summary>
    /// The provider could not be reached or did not answer in time (after the resilience pipeline gave up), or answered
    /// with an unreadable body: a later retry with the same repeatability id is safe. The caller's own cancellation is not.
    /// </summary>
    public static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        HttpRequestException or TimeoutRejectedException or BrokenCircuitException or JsonException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>A refused answer as a failed send: ACS's error text (<see cref="AcsApi.ReadErrorAsync"/>), retryable for 429 / 5xx.</summary>
    public static async Task<SendResult> RefusedAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        SendResult.Failure(await AcsApi.ReadErrorAsync(response, cancellationToken), AcsApi.IsRetryable(response.StatusCode));

    /// <summary>A send that did not reach <paramref name="service"/> (<see cref="IsTransient"/>): retryable.</summary>
    public static SendResult Unreachable(string service, Exception exception) =>
        SendResult.Failure($"ACS {service} could not be reached: {exception.Message}", retryable: true);
}
