using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Functions.Http;

/// <summary>
/// Strong entity tags over a response body: the tag is a hash of the JSON the client would receive, so it changes exactly
/// when the representation does (a participant's status, a delivery state, a lock running out). A request whose
/// <c>If-None-Match</c> names the current tag (or <c>*</c>) gets 304 with the tag and no body — cheap polling.
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

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string tag) =>
        ifNoneMatch.SelectMany(v => (v ?? "").Split(',')).Select(t => t.Trim())
            .Any(t => t == "*" || t == tag || t == "W/" + tag);
}
