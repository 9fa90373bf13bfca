namespace OtpSessions.Infrastructure.Auth;

/// <summary>The token of an <c>Authorization: Bearer …</c> header (scheme case-insensitive), or null for anything else or one too long to parse.</summary>
internal static class BearerToken
{
    /// <summary>Longer headers are refused before parsing.</summary>
    public const int MaxHeaderLength = 16 * 1024;

    public static string? From(string? authorizationHeader)
    {
        const string scheme = "Bearer ";
        if (authorizationHeader is null || authorizationHeader.Length > MaxHeaderLength
            || !authorizationHeader.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var token = authorizationHeader[scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}
