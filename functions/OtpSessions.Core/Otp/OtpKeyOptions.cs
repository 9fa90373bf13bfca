namespace OtpSessions.Core.Otp;

/// <summary>
/// Settings section <c>Otp</c>: <c>Otp__EncryptionKey</c> is the current master key (base64 of exactly 32 random bytes;
/// a Key Vault reference in Azure). Codes are encrypted with a subkey derived from it, and other secrets
/// (invite tokens) derive their own subkeys from it (<see cref="OtpMasterKey.DeriveKey(string, int)"/>).
/// <para>Rotation: put the old key into <c>Otp__PreviousEncryptionKeys__0</c> (then <c>__1</c>, … for older ones) and a new
/// one into <c>Otp__EncryptionKey</c>. The current key encrypts every new code and derives every new invite link; the
/// previous keys still decrypt codes and re-derive links made with them until those expire (a code lives minutes, a
/// link days), after which a previous key can be dropped. A code whose key was dropped is expired for the customer (no
/// attempt counted); a link whose key was dropped still admits its holder (only its hash is checked), and a resend makes
/// a new one.</para>
/// Registered with <c>AddValidatedOptions&lt;OtpKeyOptions&gt;(OtpKeyOptions.SectionName)</c> (bound, and validated on start).
/// </summary>
public sealed class OtpKeyOptions : IValidatableObject
{
    public const string SectionName = "Otp";

    public const int KeySizeInBytes = 32;

    [Required(ErrorMessage = "Otp__EncryptionKey is required: base64 of 32 random bytes (AES-256 master key).")]
    [Base64Key(KeySizeInBytes, ErrorMessage = "Otp__EncryptionKey must be base64 of exactly 32 bytes (AES-256 master key).")]
    public string EncryptionKey { get; set; } = "";

    /// <summary>Keys retired by rotation, newest first (<c>Otp__PreviousEncryptionKeys__0</c>, <c>__1</c>, …): they decrypt, never encrypt.</summary>
    public IList<string> PreviousEncryptionKeys { get; } = [];

    /// <summary>
    /// Every configured key with the name of its setting: the current one first, then the previous ones. An empty previous
    /// slot is no key (a deployment keeps a fixed number of slots and leaves unused ones empty).
    /// </summary>
    public IEnumerable<(string Setting, string Value)> AllKeys()
    {
        yield return ("Otp__EncryptionKey", EncryptionKey);
        for (var i = 0; i < PreviousEncryptionKeys.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(PreviousEncryptionKeys[i]))
            {
                yield return ($"Otp__PreviousEncryptionKeys__{i}", PreviousEncryptionKeys[i]);
            }
        }
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (setting, value) in AllKeys().Skip(1))
        {
            if (TryDecode(value, KeySizeInBytes) is null)
            {
                yield return new ValidationResult($"{setting} must be base64 of exactly 32 bytes (a previous AES-256 master key).",
                    [nameof(PreviousEncryptionKeys)]);
            }
        }
    }

    /// <summary>The decoded key, or null when the value is not base64 of exactly <paramref name="size"/> bytes.</summary>
    public static byte[]? TryDecode(string? value, int size)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var buffer = new byte[(value.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(value.Trim(), buffer, out var written) && written == size
            ? buffer[..size]
            : null;
    }
}
