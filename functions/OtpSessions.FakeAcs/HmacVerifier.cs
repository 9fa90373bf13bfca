using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace OtpSessions.FakeAcs;

/// <summary>
/// Checks an ACS HMAC-SHA256 signature the way the service does:
/// <c>Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&amp;Signature=…</c>, where the signature is
/// base64(HMAC-SHA256(key, <c>VERB\nPathAndQuery\n</c> + the signed header values joined by <c>;</c>)), the path and query
/// exactly as sent, <c>host</c> the Host header (with its port), the content hash base64(SHA-256(body)) and the date within
/// the allowed skew. Returns why a request is refused, or null when it is authentic.
/// </summary>
internal sealed class HmacVerifier(FakeAcsOptions options)
{
    private const string Scheme = "HMAC-SHA256 ";
    private readonly byte[] key = options.KeyBytes();

    public string? Verify(HttpRequest request, byte[] body)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return "no HMAC-SHA256 Authorization header";
        }
        var parameters = authorization[Scheme.Length..].Split('&')
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        if (!parameters.TryGetValue("SignedHeaders", out var signedHeaders) || !parameters.TryGetValue("Signature", out var signature))
        {
            return "Authorization lacks SignedHeaders or Signature";
        }
        var names = signedHeaders.Split(';').Select(n => n.Trim().ToLowerInvariant()).ToArray();
        var dateHeader = names.Contains("x-ms-date") ? "x-ms-date" : names.Contains("date") ? "date" : null;
        if (dateHeader is null || !names.Contains("host") || !names.Contains("x-ms-content-sha256"))
        {
            return "SignedHeaders must include x-ms-date (or date), host and x-ms-content-sha256";
        }
        var values = names.Select(n => n == "host" ? request.Host.Value ?? "" : request.Headers[n].ToString()).ToArray();
        if (values.Any(string.IsNullOrEmpty))
        {
            return "a signed header is missing";
        }
        if (DateSkewProblem(request.Headers[dateHeader].ToString()) is { } skew)
        {
            return skew;
        }
        if (request.Headers["x-ms-content-sha256"].ToString() != Convert.ToBase64String(SHA256.HashData(body)))
        {
            return "x-ms-content-sha256 does not match the body";
        }
        var pathAndQuery = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path + request.QueryString;
        var stringToSign = $"{request.Method.ToUpperInvariant()}\n{pathAndQuery}\n{string.Join(';', values)}";
        var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign));
        var given = new byte[signature.Length];
        return Convert.TryFromBase64String(signature, given, out var written)
            && CryptographicOperations.FixedTimeEquals(expected, given.AsSpan(0, written))
            ? null
            : "the signature does not match";
    }

    private string? DateSkewProblem(string value)
    {
        if (!DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            return "the request date is not an RFC 1123 date";
        }
        var skew = (options.TimeProvider.GetUtcNow() - date).Duration();
        return skew > options.MaxClockSkew ? $"the request date is {skew.TotalMinutes:0} minutes from the server clock" : null;
    }
}
