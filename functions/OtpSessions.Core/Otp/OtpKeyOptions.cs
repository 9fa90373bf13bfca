using System.ComponentModel.DataAnnotations;

namespace OtpSessions.Core.Otp;

/// <summary>
/// Settings section <c>Otp</c>: <c>Otp__EncryptionKey</c> is the master key (base64 of exactly 32 random bytes;
/// a Key Vault reference in Azure). Codes are encrypted with a subkey derived from it, and other secrets
/// (invite tokens) derive their own subkeys from it (<see cref="OtpMasterKey.DeriveKey"/>).
/// Register with <c>AddOptions&lt;OtpKeyOptions&gt;().Bind(configuration.GetSection(OtpKeyOptions.SectionName))
/// .ValidateDataAnnotations().ValidateOnStart()</c>.
/// </summary>
public sealed class OtpKeyOptions
{
    public const string SectionName = "Otp";

    public const int KeySizeInBytes = 32;

    [Required(ErrorMessage = "Otp__EncryptionKey is required: base64 of 32 random bytes (AES-256 master key).")]
    [Base64Key(KeySizeInBytes, ErrorMessage = "Otp__EncryptionKey must be base64 of exactly 32 bytes (AES-256 master key).")]
    public string EncryptionKey { get; set; } = "";

    /// <summary>The decoded key, or null when the value is not base64 of exactly <paramref name="size"/> bytes.</summary>
    internal static byte[]? TryDecode(string? value, int size)
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

/// <summary>The value is standard base64 of exactly the given number of bytes (an empty value is left to [Required]).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class Base64KeyAttribute(int sizeInBytes) : ValidationAttribute
{
    public int SizeInBytes { get; } = sizeInBytes;

    public override bool IsValid(object? value) =>
        value is null or "" || (value is string text && OtpKeyOptions.TryDecode(text, SizeInBytes) is not null);
}
