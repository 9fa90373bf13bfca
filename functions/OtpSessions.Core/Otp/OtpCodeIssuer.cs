using System.Security.Cryptography;
using OtpSessions.Core.Policy;

namespace OtpSessions.Core.Otp;

/// <summary>
/// Generates a code of the policy's length under a new code id and protects it. Pass <see cref="Issue"/> as the
/// factory of <see cref="OtpRules.RequestCode"/> / <see cref="OtpRules.Resend"/>: they call it only when a new code is
/// really needed. Register as a singleton.
/// </summary>
public sealed class OtpCodeIssuer(IOtpCodeGenerator generator, ICodeProtector protector)
{
    public const string CodeIdPrefix = "c_";

    /// <summary>A new code for the participant <paramref name="participantId"/> of session <paramref name="sessionId"/>, bound to both.</summary>
    public NewOtpCode Issue(OtpPolicy policy, string sessionId, string participantId)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var codeId = NewCodeId();
        return new NewOtpCode(codeId, protector.Protect(new CodeBinding(sessionId, participantId, codeId), generator.Generate(policy.Length)));
    }

    /// <summary><c>c_</c> + 128 random bits in hex: unique without coordination, and an id only (no meaning).</summary>
    public static string NewCodeId() => CodeIdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
