namespace OtpSessions.Core.Otp;

/// <summary><c>auto</c>: the participant has an OTP channel and gets the code sent; <c>manual</c>: the agent reads it out.</summary>
public enum OtpMode
{
    Auto,
    Manual,
}
