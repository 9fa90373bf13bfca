using System.Diagnostics.CodeAnalysis;

namespace OtpSessions.Core.Otp;

/// <summary>
/// Encrypts codes for storage (the agent may have to read them) and checks candidates against them. A protected
/// code is bound to its code id: it cannot be decrypted under another id, so it cannot be moved to another row.
/// </summary>
public interface ICodeProtector
{
    /// <summary>The compact, versioned ciphertext of <paramref name="code"/> for the code row <paramref name="codeId"/>.</summary>
    string Protect(string codeId, string code);

    /// <summary>The code, or false when the value is malformed, tampered with, or belongs to another code id or key.</summary>
    bool TryUnprotect(string protectedCode, string codeId, [NotNullWhen(true)] out string? code);

    /// <summary>Whether <paramref name="candidate"/> is the protected code, compared in constant time.</summary>
    bool Matches(string protectedCode, string codeId, string? candidate);
}
