using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace OtpSessions.Functions.Http;

/// <summary>
/// Strong entity tags over a response body: the tag is a hash of the JSON the client would receive, so it changes exactly
/// when the representation does (a participant's status, a delivery state, a lock running out). A request whose
/// <c>If-None-Match</c> names the current tag (or <c>*</c>) gets 304 with the tag and no body — cheap polling. A change
/// whose <c>If-Match</c> names an earlier tag is refused (412), so two editors cannot overwrite each other.
/// </summary>
public static class EntityTags
{
    public static IActionResult OkOrNotModified<T>(HttpRequest request, T value)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tag = Of(value);
        var header = (HeaderNames.ETag, tag);
        return Matches(request.Headers.IfNoneMatch, tag)
            ? new OutcomeResults.WithHeaders(new StatusCodeResult(StatusCodes.Status304NotModified), header)
            : new OutcomeResults.WithHeaders(new OkObjectResult(value), header);
    }

    /// <summary><c>"…"</c>: 128 bits of SHA-256 over the value's JSON (base64url).</summary>
    public static string Of<T>(T value) =>
        "\"" + Base64Url.EncodeToString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(value, SessionJson.Options))[..16]) + "\"";

    /// <summary>
    /// The check an <c>If-Match</c> header asks for on a change: null when the request has none (no precondition), else
    /// whether a value's current tag is one it names (or <c>*</c>).
    /// </summary>
    public static Func<T, bool>? IfMatch<T>(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.IfMatch;
        return header.Count == 0 ? null : current => Matches(header, Of(current));
    }

    /// <summary>Whether an <c>If-None-Match</c> or <c>If-Match</c> header names the tag (or <c>*</c>).</summary>
    private static bool Matches(Microsoft.Extensions.Primitives.StringValues header, string tag) =>
        header.SelectMany(v => (v ?? "").Split(',')).Select(t => t.Trim())
            .Any(t => t == "*" || t == tag || t == "W/" + tag);
}
