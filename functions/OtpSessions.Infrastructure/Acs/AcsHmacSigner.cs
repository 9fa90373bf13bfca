using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OtpSessions.Infrastructure.Acs;

/// <summary>
/// ACS HMAC-SHA256 request signing (the published algorithm, as the ACS SDKs implement it):
/// <list type="bullet">
/// <item><c>x-ms-date</c>: the request time in RFC 1123 form (<c>Tue, 01 Apr 2025 06:22:03 GMT</c>);</item>
/// <item><c>x-ms-content-sha256</c>: base64(SHA-256(body bytes)); an empty body hashes the empty string;</item>
/// <item><c>host</c>: the URI authority, with the port when it is not the scheme's default (<c>127.0.0.1:10100</c>);</item>
/// <item>string to sign: <c>VERB\nPathAndQuery\ndate;host;hash</c>;</item>
/// <item><c>Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&amp;Signature=base64(HMAC-SHA256(key, string to sign))</c>
/// with the base64-decoded access key.</item>
/// </list>
/// </summary>
public static class AcsHmacSigner
{
    public const string DateHeader = "x-ms-date";
    public const string ContentHashHeader = "x-ms-content-sha256";
    public const string SignedHeaders = "x-ms-date;host;x-ms-content-sha256";

    public static string FormatDate(DateTimeOffset time) => time.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);

    public static string Host(Uri uri) => uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";

    public static string ContentHash(ReadOnlySpan<byte> body) => Convert.ToBase64String(SHA256.HashData(body));

    public static string StringToSign(string method, string pathAndQuery, string date, string host, string contentHash) =>
        $"{method.ToUpperInvariant()}\n{pathAndQuery}\n{date};{host};{contentHash}";

    public static string Signature(byte[] accessKey, string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(accessKey, Encoding.UTF8.GetBytes(stringToSign)));

    public static string Authorization(string signature) => $"HMAC-SHA256 SignedHeaders={SignedHeaders}&Signature={signature}";

    /// <summary>Signs <paramref name="request"/> in place (sets <c>Host</c>, the two <c>x-ms-*</c> headers and <c>Authorization</c>).</summary>
    public static async Task SignAsync(HttpRequestMessage request, byte[] accessKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var date = FormatDate(now);
        var host = Host(uri);
        var hash = ContentHash(body);
        var signature = Signature(accessKey, StringToSign(request.Method.Method, uri.PathAndQuery, date, host, hash));

        request.Headers.Host = host;
        Set(request, DateHeader, date);
        Set(request, ContentHashHeader, hash);
        Set(request, "Authorization", Authorization(signature));
    }

    private static void Set(HttpRequestMessage request, string name, string value)
    {
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
    }
}
