using OtpSessions.Core.Health;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Tests.Health;

public sealed class HealthServiceTests
{
    private sealed class Probe(string name, ProbeResult result) : IHealthProbe
    {
        public string Name => name;

        public Task<ProbeResult> CheckAsync(CancellationToken cancellationToken) => Task.FromResult(result);
    }

    [Fact]
    public async Task A_capability_that_is_not_configured_makes_the_app_degraded_not_down_and_says_so()
    {
        var report = await new HealthService([new Probe("storage", ProbeResult.Ok), new Probe("sms", ProbeResult.NotConfigured)], [])
            .CheckAsync(CancellationToken.None);

        Assert.True(report.IsHealthy);
        Assert.Equal("degraded", report.Status);
        Assert.Equal("not_configured", report.ToBody()["sms"]);
    }

    [Fact]
    public async Task An_unavailable_dependency_makes_the_app_unhealthy()
    {
        var report = await new HealthService([new Probe("storage", ProbeResult.Unavailable), new Probe("sms", ProbeResult.NotConfigured)], [])
            .CheckAsync(CancellationToken.None);

        Assert.False(report.IsHealthy);
        Assert.Equal("unhealthy", report.Status);
    }

    [Fact]
    public void Without_sms_a_participant_needing_sms_is_refused_and_an_email_only_one_is_not()
    {
        var email = new Contact(Channel.Email, "dana@example.com");
        var sms = new Contact(Channel.Sms, "+14155550100");
        var emailOnly = new NewParticipant(ParticipantRole.Primary, "Dana", email, null);
        var smsCode = new NewParticipant(ParticipantRole.Primary, "Dana", email, sms);
        var smsInvite = new NewParticipant(ParticipantRole.Cosigner, "Lee", sms, null);

        Assert.Null(new ChannelAvailability(Sms: false).Refuse([emailOnly]));
        Assert.Equal(ErrorCodes.SmsNotConfigured, new ChannelAvailability(Sms: false).Refuse([emailOnly, smsCode])?.Code);
        Assert.Equal(FailureKind.Conflict, new ChannelAvailability(Sms: false).Refuse([smsInvite])?.Kind);
        Assert.Null(new ChannelAvailability(Sms: true).Refuse([smsCode, smsInvite]));
    }
}
