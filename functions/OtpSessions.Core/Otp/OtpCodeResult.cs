
namespace OtpSessions.Core.Otp;

/// <summary>The answer of <see cref="OtpRules.RequestCode"/> and <see cref="OtpRules.Resend"/>.</summary>
/// <param name="NewState">The state to write back (with the version read), or null when nothing changed.</param>
public abstract record OtpCodeResult(OtpState? NewState)
{
    public sealed record Ready(ActiveCode Code, OtpState? NewState) : OtpCodeResult(NewState);

    public sealed record Refused(OtpRefusal Refusal) : OtpCodeResult((OtpState?)null);
}
