using OtpSessions.Core.Common;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Infrastructure.Tests;

/// <summary>A deployment without an SMS sender number: sessions that need SMS are refused (409), email-only ones work.</summary>
[Collection(StorageCollection.Name)]
public sealed class SmsNotConfiguredTests(StorageFixture storage)
{
    private readonly SessionTestApp _app = new(storage, smsConfigured: false);

    private static ParticipantInput EmailOnly(ParticipantRole role = ParticipantRole.Primary) =>
        new(role, "Dana Cole", new ContactInput(Channel.Email, "dana@example.com"), null);

    [Theory]
    [InlineData(Channel.Sms, null)]
    [InlineData(Channel.Email, Channel.Sms)]
    public async Task A_session_with_an_sms_invite_or_sms_code_is_refused_with_sms_not_configured(Channel invite, Channel? otp)
    {
        var participant = new ParticipantInput(ParticipantRole.Primary, "Dana Cole",
            new ContactInput(invite, invite == Channel.Sms ? "+14155550100" : "dana@example.com"),
            otp is null ? null : new ContactInput(otp, "+14155550100"));

        var outcome = await _app.Service.StartAsync(SessionTestApp.Agent(), new StartSessionInput([participant], "loan-1"), null, CancellationToken.None);

        Assert.Equal((FailureKind.Conflict, ErrorCodes.SmsNotConfigured), (outcome.Failure?.Kind, outcome.Failure?.Code));
    }

    [Fact]
    public async Task An_email_only_session_starts_and_adding_or_reassigning_to_an_sms_contact_is_refused()
    {
        var agent = SessionTestApp.Agent();
        var view = await _app.StartAsync(agent, new StartSessionInput([EmailOnly()], "loan-2"));
        var sms = new ContactInput(Channel.Sms, "+14155550101");

        var added = await _app.Service.AddParticipantAsync(agent, view.SessionId,
            new ParticipantInput(ParticipantRole.Cosigner, "Lee Cole", sms, null), CancellationToken.None);
        var reassigned = await _app.Service.ReassignAsync(agent, view.SessionId, view.Participants[0].ParticipantId,
            new ReplacementInput("Lee Cole", new ContactInput(Channel.Email, "lee@example.com"), sms), CancellationToken.None);
        var emailAdded = await _app.Service.AddParticipantAsync(agent, view.SessionId, EmailOnly(ParticipantRole.Cosigner), CancellationToken.None);

        Assert.Equal(ErrorCodes.SmsNotConfigured, added.Failure?.Code);
        Assert.Equal(ErrorCodes.SmsNotConfigured, reassigned.Failure?.Code);
        Assert.True(emailAdded.IsSuccess, emailAdded.Failure?.Detail);
    }
}
