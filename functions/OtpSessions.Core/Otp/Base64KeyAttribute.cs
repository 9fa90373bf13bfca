namespace OtpSessions.Core.Otp;

/// <summary>The value is standard base64 of exactly the given number of bytes (an empty value is left to [Required]).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class Base64KeyAttribute(int sizeInBytes) : ValidationAttribute
{
    public int SizeInBytes { get; } = sizeInBytes;

    public override bool IsValid(object? value) =>
        value is null or "" || (value is string text && OtpKeyOptions.TryDecode(text, SizeInBytes) is not null);
}
