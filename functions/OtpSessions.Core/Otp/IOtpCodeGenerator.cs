namespace OtpSessions.Core.Otp;

/// <summary>Makes one-time codes. A port so that application tests can pin the code they expect.</summary>
public interface IOtpCodeGenerator
{
    /// <summary>A code of <paramref name="length"/> decimal digits, uniform over all 10^length values, zero-padded.</summary>
    string Generate(int length);
}
