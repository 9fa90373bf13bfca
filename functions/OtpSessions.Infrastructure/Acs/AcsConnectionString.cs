namespace OtpSessions.Infrastructure.Acs;

/// <summary>
/// An ACS connection string, <c>endpoint=https://&lt;resource&gt;.communication.azure.com/;accesskey=&lt;base64&gt;</c>
/// (keys case-insensitive, in any order).
/// </summary>
public sealed record AcsConnectionString(Uri Endpoint, byte[] AccessKey)
{
    public static bool TryParse(string? value, out AcsConnectionString? result, out string error)
    {
        result = null;
        Uri? endpoint = null;
        byte[]? key = null;
        foreach (var part in (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }
            var name = part[..equals].Trim();
            var setting = part[(equals + 1)..].Trim();
            if (name.Equals("endpoint", StringComparison.OrdinalIgnoreCase))
            {
                endpoint = AcsOptions.ToEndpoint(setting);
            }
            else if (name.Equals("accesskey", StringComparison.OrdinalIgnoreCase))
            {
                key = FromBase64(setting);
            }
        }
        error = endpoint is null ? "it has no valid endpoint=http(s)://… part"
            : key is not { Length: > 0 } ? "it has no valid base64 accesskey=… part"
            : "";
        if (error.Length > 0)
        {
            return false;
        }
        result = new AcsConnectionString(endpoint!, key!);
        return true;
    }

    /// <summary>Never prints the key.</summary>
    public override string ToString() => $"endpoint={Endpoint};accesskey=***";

    private static byte[]? FromBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var written) ? buffer[..written] : null;
    }
}
