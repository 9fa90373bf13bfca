namespace OtpSessions.Infrastructure.Passkeys;

/// <summary>
/// Settings section <c>Passkeys</c>. <c>Passkeys__RpId</c>: the WebAuthn relying party id — by default the host of
/// <c>Web__BaseUrl</c>; set it to the registrable domain (say <c>example.com</c> for <c>join.example.com</c>) before going
/// live, because a passkey only ever works for the relying party id it was made for. It must be that host or a parent
/// domain of it (validated at start).
/// </summary>
public sealed class PasskeyOptions
{
    public const string SectionName = "Passkeys";

    public string? RpId { get; set; }

    /// <summary>The name a device shows beside the passkey.</summary>
    public string RpName { get; set; } = "Secure session";

    /// <summary>The relying party id in force for a web app at <paramref name="webBaseUrl"/>.</summary>
    public string EffectiveRpId(Uri webBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(webBaseUrl);
        return string.IsNullOrWhiteSpace(RpId) ? webBaseUrl.Host : RpId.Trim().ToLowerInvariant();
    }

    /// <summary>Whether <see cref="RpId"/> (when set) is the host of <paramref name="webBaseUrl"/> or a parent domain of it.</summary>
    public bool RpIdFits(Uri webBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(webBaseUrl);
        var rpId = EffectiveRpId(webBaseUrl);
        var host = webBaseUrl.Host.ToLowerInvariant();
        return rpId.Length > 0 && !rpId.StartsWith('.') && !rpId.Contains("://", StringComparison.Ordinal)
            && (host == rpId || (host.EndsWith("." + rpId, StringComparison.Ordinal) && rpId.Contains('.', StringComparison.Ordinal)));
    }
}
