using OtpSessions.Core.Common;
using OtpSessions.Core.Health;
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

    private sealed class Note(string name, string? word) : IHealthNote
    {
        public string Name => name;

        public Task<string> ReadAsync(CancellationToken cancellationToken) =>
            word is null ? Task.FromException<string>(new InvalidOperationException("unreadable")) : Task.FromResult(word);
    }

    [Fact]
    public async Task A_note_shows_its_word_beside_the_checks_without_changing_the_status_and_an_unreadable_one_is_left_out()
    {
        var report = await new HealthService([new Probe("storage", ProbeResult.Ok)], [], [new Note("sendBudget", "exceeded"), new Note("other", null)])
            .CheckAsync(CancellationToken.None);

        Assert.Equal("healthy", report.Status);
        Assert.Equal("exceeded", report.ToBody()["sendBudget"]);
        Assert.False(report.ToBody().ContainsKey("other"));
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
