
namespace OtpSessions.Core.Join;

/// <summary>The body of <c>POST /api/join/otp/verify</c>.</summary>
public sealed record VerifyInput(string? Code)
{
    /// <summary>The longest candidate looked at; anything longer is a malformed request, not a guess.</summary>
    public const int MaxLength = 64;

    /// <summary>Without the candidate: safe if a record ends up in a log.</summary>
    public override string ToString() => "VerifyInput { … }";
}
