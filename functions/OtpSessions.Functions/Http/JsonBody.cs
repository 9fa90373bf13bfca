using System.Buffers;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace OtpSessions.Functions.Http;

/// <summary>
/// Reads JSON request bodies by the API's rules: <c>Content-Type: application/json</c> (or <c>+json</c>), at most
/// 64 KiB, well-formed, and matching the type (unknown enum values, numbers for enums, wrong shapes refused). Each
/// refusal is 400 <c>invalid_request</c>; where the JSON path is known, <c>errors</c> names the field.
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 64 * 1024;

    public static async Task<BodyResult<T>> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsJson(request.ContentType))
        {
            return Refuse<T>("The body must be JSON (Content-Type: application/json).");
        }
        if (request.ContentLength > MaxBytes)
        {
            return TooLarge<T>();
        }
        var buffer = ArrayPool<byte>.Shared.Rent(MaxBytes + 1);
        try
        {
            var length = 0;
            int read;
            while (length <= MaxBytes && (read = await request.Body.ReadAsync(buffer.AsMemory(length, MaxBytes + 1 - length), cancellationToken)) > 0)
            {
                length += read;
            }
            if (length > MaxBytes)
            {
                return TooLarge<T>();
            }
            if (length == 0)
            {
                return Refuse<T>("A JSON body is required.");
            }
            var value = JsonSerializer.Deserialize<T>(buffer.AsSpan(0, length), SessionJson.Options);
            if (value is JsonDocument document && !HasReadableText(document.RootElement))
            {
                document.Dispose();
                return Refuse<T>("The body holds text that is not valid UTF-16 (an unpaired surrogate escape such as \\ud800).");
            }
            return value is null ? Refuse<T>("A JSON object is required.") : new BodyResult<T>(value, null);
        }
        catch (JsonException e)
        {
            var path = FieldPath(e.Path);
            return Refuse<T>("The body is not valid JSON for this request.",
                path is null ? null : new Dictionary<string, string[]> { [path] = ["This value is not valid here (wrong type or unknown value)."] });
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads the body as <typeparamref name="T"/> and answers what <paramref name="handle"/> makes of it, or the 400 problem.</summary>
    public static async Task<IActionResult> HandleAsync<T>(HttpRequest request, Func<T, Task<IActionResult>> handle, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(handle);
        var body = await ReadAsync<T>(request, cancellationToken);
        return body.Problem ?? await handle(body.Value!);
    }

    /// <summary>Reads the body as a JSON document, answers what <paramref name="handle"/> makes of its root, then frees the document.</summary>
    public static Task<IActionResult> HandleElementAsync(HttpRequest request, Func<JsonElement, Task<IActionResult>> handle,
        CancellationToken cancellationToken) =>
        HandleAsync<JsonDocument>(request, async document =>
        {
            using (document)
            {
                return await handle(document.RootElement);
            }
        }, cancellationToken);

    /// <summary>
    /// A <see cref="JsonDocument"/> unescapes its strings only when they are read, and one with an unpaired surrogate escape
    /// (<c>"\ud800"</c>) then throws: check every property name and string once here, so that such a body is a 400 and the
    /// code reading the document can rely on it.
    /// </summary>
    private static bool HasReadableText(JsonElement element)
    {
        try
        {
            return element.ValueKind switch
            {
                JsonValueKind.Object => element.EnumerateObject().All(p => p.Name is not null && HasReadableText(p.Value)),
                JsonValueKind.Array => element.EnumerateArray().All(HasReadableText),
                JsonValueKind.String => element.GetString() is not null,
                _ => true,
            };
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (media.MediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
                && media.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)));

    /// <summary><c>$.participants[0].invite.channel</c> → <c>participants[0].invite.channel</c>.</summary>
    private static string? FieldPath(string? jsonPath) => jsonPath switch
    {
        null or "$" => null,
        _ when jsonPath.StartsWith("$.", StringComparison.Ordinal) => jsonPath[2..],
        _ => jsonPath.TrimStart('$'),
    };

    private static BodyResult<T> TooLarge<T>() where T : class =>
        Refuse<T>($"The body is larger than {MaxBytes / 1024} KiB.");

    private static BodyResult<T> Refuse<T>(string detail, IDictionary<string, string[]>? errors = null) where T : class =>
        new(null, Problems.InvalidRequest(detail, errors));
}
