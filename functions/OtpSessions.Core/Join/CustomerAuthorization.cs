namespace OtpSessions.Core.Join;

/// <summary>
/// Where a customer credential travels: only in the <c>Authorization</c> header — <c>Invite &lt;inviteToken&gt;</c> on the
/// link's calls, <c>Bearer &lt;accessToken&gt;</c> afterwards, <c>Report &lt;reportToken&gt;</c> for a "not me" report — never in a URL path or query, which request logs, proxies
/// and telemetry record. The scheme is case-insensitive; anything else gives no token (the caller answers as for an
/// unknown one).
/// </summary>
public static class CustomerAuthorization
{
    public const string InviteScheme = "Invite";
    public const string BearerScheme = "Bearer";

    /// <summary>The "not me" page's scheme: <c>Report &lt;reportToken&gt;</c>.</summary>
    public const string ReportScheme = "Report";

    public static string? InviteToken(string? authorization) => Credential(authorization, InviteScheme);

    public static string? AccessToken(string? authorization) => Credential(authorization, BearerScheme);

    public static string? ReportToken(string? authorization) => Credential(authorization, ReportScheme);

    private static string? Credential(string? authorization, string scheme) =>
        authorization is { } header
        && header.Length > scheme.Length + 1
        && header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
        && header[scheme.Length] == ' '
            ? header[(scheme.Length + 1)..].Trim()
            : null;
}
