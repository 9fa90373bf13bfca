using Microsoft.Extensions.Time.Testing;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Policy;

namespace OtpSessions.Core.Tests.Otp;

/// <summary>
/// One participant's OTP state over a <see cref="FakeTimeProvider"/> timeline: each call runs a rule at the current
/// fake time and keeps the state it returns, as the application service will (minus the storage).
/// </summary>
internal sealed class OtpFlow(OtpMode mode = OtpMode.Auto, OtpPolicy? policy = null)
{
    public static readonly DateTimeOffset Start = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Start);

    public OtpPolicy Policy { get; } = policy ?? new OtpPolicy();

    public OtpMode Mode { get; } = mode;

    public OtpState State { get; set; } = OtpState.Initial;

    /// <summary>How many codes the rules asked for (the factory must be called only when a new code is needed).</summary>
    public int CodesIssued { get; private set; }

    public DateTimeOffset Now => Time.GetUtcNow();

    public OtpCodeResult Request() => Keep(OtpRules.RequestCode(State, Policy, Now, Mode, Issue));

    public OtpCodeResult Resend() => Keep(OtpRules.Resend(State, Policy, Now, Mode, Issue));

    public VerifyResult Verify(bool right) => Keep(OtpRules.Verify(State, Policy, Now, right));

    /// <summary>How the latest send of the current code stands: queued when the rules send one, then as the test reports it.</summary>
    public Delivery Delivery { get; private set; } = Delivery.None(DeliveryKindNames.Code);

    public AgentViewResult AgentView() => OtpRules.CanAgentView(State, Policy, Now, Mode, Delivery);

    /// <summary>The provider accepted the send now.</summary>
    public void Sent() => Delivery = Delivery with { Status = DeliveryStatus.Sent, SentAt = Now };

    /// <summary>A delivery report says the send arrived (sent at <see cref="Sent"/>'s time, or now).</summary>
    public void Delivered() => Delivery = Delivery with { Status = DeliveryStatus.Delivered, SentAt = Delivery.SentAt ?? Now };

    /// <summary>The send failed (refused, out of retries, or reported undelivered).</summary>
    public void Failed() => Delivery = Delivery with { Status = DeliveryStatus.Failed };

    public ActiveCode RequestReady() => Assert.IsType<OtpCodeResult.Ready>(Request()).Code;

    public ActiveCode ResendReady() => Assert.IsType<OtpCodeResult.Ready>(Resend()).Code;

    public OtpRefusal RequestRefused() => Assert.IsType<OtpCodeResult.Refused>(Request()).Refusal;

    public OtpRefusal ResendRefused() => Assert.IsType<OtpCodeResult.Refused>(Resend()).Refusal;

    public VerifyResult.Refused VerifyRefused(bool right) => Assert.IsType<VerifyResult.Refused>(Verify(right));

    public OtpRefusal ViewRefused() => Assert.IsType<AgentViewResult.Refused>(AgentView()).Refusal;

    /// <summary>Enters <paramref name="count"/> wrong codes; returns the last answer.</summary>
    public VerifyResult.Refused WrongCodes(int count)
    {
        VerifyResult.Refused? last = null;
        for (var i = 0; i < count; i++)
        {
            last = VerifyRefused(right: false);
        }
        return last!;
    }

    public void Advance(TimeSpan by) => Time.Advance(by);

    private NewOtpCode Issue()
    {
        CodesIssued++;
        return new NewOtpCode($"c_{CodesIssued}", $"protected-{CodesIssued}");
    }

    private T Keep<T>(T result) where T : class
    {
        if (result is OtpCodeResult.Ready { Code: var active })
        {
            Delivery = active.ShouldSend ? Delivery.Queued(DeliveryKindNames.Code, active.CodeId, 1) : active.IssuedNew ? Delivery.None(DeliveryKindNames.Code) : Delivery;
        }
        var next = result switch
        {
            OtpCodeResult code => code.NewState,
            VerifyResult verify => verify.NewState,
            _ => null,
        };
        State = next ?? State;
        return result;
    }
}
