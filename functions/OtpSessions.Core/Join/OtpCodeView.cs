
namespace OtpSessions.Core.Join;

/// <summary>The agent's OTP view: the code in clear (served with <c>Cache-Control: no-store</c>, audited).</summary>
public sealed record OtpCodeView(string Code, DateTimeOffset ExpiresAt)
{
    /// <summary>Without the code: safe if a record ends up in a log.</summary>
    public override string ToString() => $"OtpCodeView {{ ExpiresAt = {ExpiresAt:O} }}";
}
