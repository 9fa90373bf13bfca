namespace OtpSessions.Core.Otp;

/// <summary>A freshly generated code, already protected: only the ciphertext leaves this type's creator.</summary>
public sealed record NewOtpCode(string CodeId, string ProtectedCode)
{
    /// <summary>Without the ciphertext: safe if a record ends up in a log.</summary>
    public override string ToString() => $"NewOtpCode {{ CodeId = {CodeId} }}";
}
