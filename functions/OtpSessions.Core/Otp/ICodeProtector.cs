using System.Diagnostics.CodeAnalysis;

namespace OtpSessions.Core.Otp;

/// <summary>
/// Encrypts codes for storage (the agent may have to read them) and checks candidates against them. A protected
/// code decrypts only under the <see cref="CodeBinding"/> it was made for, and only while its key is in the keyring.
/// </summary>
public interface ICodeProtector
{
    /// <summary>The compact, versioned ciphertext of <paramref name="code"/>, naming the key that made it.</summary>
    string Protect(CodeBinding binding, string code);

    /// <summary>The code, or false when the value is malformed, tampered with, bound to something else, or made with an unknown key.</summary>
    bool TryUnprotect(string protectedCode, CodeBinding binding, [NotNullWhen(true)] out string? code);

    /// <summary>
    /// Whether <paramref name="candidate"/> is the protected code (compared in constant time), or
    /// <see cref="CodeCheck.Unreadable"/> when no configured key opens the protected code under <paramref name="binding"/>.
    /// </summary>
    CodeCheck Check(string protectedCode, CodeBinding binding, string? candidate);
}
