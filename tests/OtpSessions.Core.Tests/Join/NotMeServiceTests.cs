using System.Text.Json;
using OtpSessions.Core.Auth;
using OtpSessions.Core.Common;
using OtpSessions.Core.Events;
using OtpSessions.Core.Join;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Passkeys;
using OtpSessions.Core.Sessions;
using OtpSessions.Core.Tests.Support;
using OtpSessions.Testing.InMemory;

namespace OtpSessions.Core.Tests.Join;

/// <summary>
/// "Not me" on the in-memory stores: a report token finds its participant through the index, the report stops its link,
/// code and access tokens in one commit with its event and audit entry, deletes the passkeys of its verified address,
/// and answers the same again; unknown tokens are <c>link_invalid</c>; a closed session changes nothing.
/// </summary>
public sealed class NotMeServiceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly InMemoryApp _app = new();
    private readonly AgentPrincipal _agent = InMemoryApp.Agent("agent-7");
    private readonly InMemoryPasskeyStore _passkeys = new();
    private readonly PasskeyOwners _owners;
    private readonly JoinService _join;
    private readonly NotMeService _service;

    public NotMeServiceTests()
    {
        var protector = new AesGcmCodeProtector(_app.Keyring);
        _owners = new PasskeyOwners(_app.Keyring);
        _join = new JoinService(_app.Sessions, new OtpCodeIssuer(new OtpCodeGenerator(), protector), protector, _app.TokenFactory, _app.Budgets,
            _passkeys, _owners, _app.Time);
        _service = new NotMeService(_app.Sessions, _app.ReportLinks, _passkeys, _owners, _app.Time);
    }

    [Fact]
    public async Task A_report_of_the_code_message_makes_the_participant_reported_and_ends_its_link_code_and_access()
    {
        var (invite, access, p) = await EnterWithCodeAsync();
        Assert.True((await _join.RequestOtpAsync(invite, None)).IsSuccess);  // a code is active again (a second entry)

        var outcome = await _service.ReportAsync(Report(p, p.Otp!.Channel), None);

        Assert.True(outcome.IsSuccess, outcome.Failure?.Code);
        var (session, after) = await _app.ParticipantAsync(p.SessionId, p.ParticipantId);
        Assert.Equal(ParticipantStatus.Reported, after.Status);
        Assert.IsType<AgentViewResult.Refused>(after.AgentView(session, _app.Time.GetUtcNow()));  // the agent reads no code out to it
        Assert.Equal(_app.Time.GetUtcNow(), after.ReportedAt);
        Assert.Null(after.OtpState.CodeId);
        Assert.Empty(after.AccessTokens);
        Assert.Equal(JoinErrorCodes.LinkInvalid, (await _join.OpenAsync(invite, None)).Failure?.Code);
        Assert.Equal(JoinErrorCodes.LinkInvalid, (await _join.RequestOtpAsync(invite, None)).Failure?.Code);
        Assert.Null(await _join.MeAsync(access, None));
        var reported = Assert.Single(_app.Sessions.Events, e => e.Type == EventTypes.ParticipantReported);
        var data = JsonSerializer.Deserialize<ParticipantReportedData>(reported.DataJson, SessionJson.Options)!;
        Assert.Equal(new ParticipantReportedData(p.SessionId, "loan-8812", p.ParticipantId, ParticipantRole.Primary, Channel.Sms), data);
        Assert.DoesNotContain("+1", reported.DataJson, StringComparison.Ordinal);
        Assert.Single(_app.Sessions.Audit, a => a.Action == EventTypes.ParticipantReported && a.ActorId == p.ParticipantId);
    }

    [Fact]
    public async Task The_invitation_link_reports_with_the_invite_channel_and_a_second_report_changes_nothing()
    {
        var (_, p) = await StartAsync();

        Assert.True((await _service.ReportAsync(Report(p, p.Invite.Channel), None)).IsSuccess);
        var version = (await _app.ParticipantAsync(p.SessionId, p.ParticipantId)).Participant.Version;
        var again = await _service.ReportAsync(Report(p, p.Otp!.Channel), None);

        Assert.Equal(ParticipantStatus.Reported, again.Value);
        Assert.Equal(version, (await _app.ParticipantAsync(p.SessionId, p.ParticipantId)).Participant.Version);
        var reported = Assert.Single(_app.Sessions.Events, e => e.Type == EventTypes.ParticipantReported);
        Assert.Contains("\"channel\":\"email\"", reported.DataJson, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Report ")]
    [InlineData("Report short")]
    [InlineData("Report AAAAAAAAAAAAAAAAAAAAAA")]  // the shape of a report token, but no such link
    [InlineData("Report !!!!!!!!!!!!!!!!!!!!!!")]
    public async Task A_malformed_or_unknown_report_token_is_link_invalid(string? authorization)
    {
        await StartAsync();

        var outcome = await _service.ReportAsync(authorization, None);

        Assert.Equal(JoinErrorCodes.LinkInvalid, outcome.Failure?.Code);
        Assert.DoesNotContain(_app.Sessions.Events, e => e.Type == EventTypes.ParticipantReported);
    }

    [Fact]
    public async Task An_invite_token_is_no_report_token()
    {
        var (_, p) = await StartAsync();

        var outcome = await _service.ReportAsync("Report " + _app.InviteTokenOf(p), None);

        Assert.Equal(JoinErrorCodes.LinkInvalid, outcome.Failure?.Code);
        Assert.Equal(ParticipantStatus.Invited, (await _app.ParticipantAsync(p.SessionId, p.ParticipantId)).Participant.Status);
    }

    [Fact]
    public async Task A_report_deletes_the_passkeys_of_the_reported_address_and_no_other()
    {
        var (_, p) = await StartAsync();
        var session = (await _app.Sessions.LoadSessionAsync(p.SessionId, None))!;
        var cosigner = session.Participants.Single(x => x.Role == ParticipantRole.Cosigner);
        await AddPasskeyAsync(PasskeyRules.AddressOf(p), "cred-primary");
        await AddPasskeyAsync(PasskeyRules.AddressOf(cosigner), "cred-cosigner");

        Assert.True((await _service.ReportAsync(Report(p, p.Invite.Channel), None)).IsSuccess);

        Assert.Empty(await _passkeys.ListAsync(_owners.KeyOf(PasskeyRules.AddressOf(p)), None));
        Assert.Single(await _passkeys.ListAsync(_owners.KeyOf(PasskeyRules.AddressOf(cosigner)), None));
    }

    [Fact]
    public async Task After_the_session_closed_a_report_is_accepted_and_changes_nothing()
    {
        var (invite, p) = await StartAsync();
        await AddPasskeyAsync(PasskeyRules.AddressOf(p), "cred-primary");
        Assert.True((await _app.Service.CloseAsync(_agent, p.SessionId, None)).IsSuccess);

        var outcome = await _service.ReportAsync(Report(p, p.Invite.Channel), None);

        Assert.True(outcome.IsSuccess, outcome.Failure?.Code);
        Assert.Equal(ParticipantStatus.Invited, (await _app.ParticipantAsync(p.SessionId, p.ParticipantId)).Participant.Status);
        Assert.DoesNotContain(_app.Sessions.Events, e => e.Type == EventTypes.ParticipantReported);
        Assert.Single(await _passkeys.ListAsync(_owners.KeyOf(PasskeyRules.AddressOf(p)), None));
        Assert.NotNull(invite);
    }

    [Fact]
    public async Task A_reported_participant_gets_no_invitation_resend_but_can_be_reassigned()
    {
        var (_, p) = await StartAsync();
        Assert.True((await _service.ReportAsync(Report(p, p.Invite.Channel), None)).IsSuccess);
        _app.Time.Advance(TimeSpan.FromMinutes(5));

        var resend = await _app.Service.ResendInvitationAsync(_agent, p.SessionId, p.ParticipantId, None);
        var reassigned = await _app.Service.ReassignAsync(_agent, p.SessionId, p.ParticipantId,
            new ReplacementInput("Dana Cole", new ContactInput(Channel.Email, "dana.cole@example.com"), new ContactInput(Channel.Sms, "+14155550109")), None);

        Assert.Equal(ErrorCodes.ParticipantNotInvitable, resend.Failure?.Code);
        Assert.True(reassigned.IsSuccess, reassigned.Failure?.Code);
        var replacement = (await _app.ParticipantAsync(p.SessionId, reassigned.Value!.ParticipantId)).Participant;
        Assert.Equal(ParticipantStatus.Invited, replacement.Status);
        // The replacement has its own report links, indexed before its commit.
        Assert.NotNull(await _app.ReportLinks.FindAsync(TokenFactory.Hash(_app.TokenFactory.ReportToken(replacement, Channel.Email)!), None));
        var old = (await _app.ParticipantAsync(p.SessionId, p.ParticipantId)).Participant;
        Assert.Equal(ParticipantStatus.Reassigned, old.Status);
    }

    [Fact]
    public async Task Report_links_are_indexed_per_participant_and_channel_by_hash_only()
    {
        var (_, p) = await StartAsync();

        var sms = _app.TokenFactory.ReportToken(p, Channel.Sms)!;
        var email = _app.TokenFactory.ReportToken(p, Channel.Email)!;

        Assert.Equal(4, _app.ReportLinks.Count);  // two participants, each with an invite and a code channel
        Assert.Equal(TokenFactory.ReportTokenLength, sms.Length);
        Assert.Equal(22, sms.Length);
        Assert.NotEqual(sms, email);
        Assert.Equal(sms, _app.TokenFactory.ReportToken(p, Channel.Sms));  // re-derived the same at every send
        var link = (await _app.ReportLinks.FindAsync(TokenFactory.Hash(sms), None))!;
        Assert.Equal((p.SessionId, p.ParticipantId, Channel.Sms), (link.SessionId, link.ParticipantId, link.Channel));
        Assert.Null(await _app.ReportLinks.FindAsync(sms, None));  // the raw token is no key
    }

    private string Report(Participant p, Channel channel) => "Report " + _app.TokenFactory.ReportToken(p, channel);

    private Task<bool> AddPasskeyAsync(Contact address, string id) =>
        _passkeys.AddAsync(new Passkey(_owners.KeyOf(address), id, [1, 2, 3], 0, _app.Time.GetUtcNow(), null), None);

    private async Task<(string Invite, Participant Participant)> StartAsync()
    {
        var session = await _app.StartAsync(_agent);
        var p = (await _app.ParticipantAsync(session.SessionId, session.Participants[0].ParticipantId)).Participant;
        return ("Invite " + _app.InviteTokenOf(p), p);
    }

    private async Task<(string Invite, string Access, Participant Participant)> EnterWithCodeAsync()
    {
        var (invite, p) = await StartAsync();
        Assert.True((await _join.RequestOtpAsync(invite, None)).IsSuccess);
        var state = (await _app.ParticipantAsync(p.SessionId, p.ParticipantId)).Participant.OtpState;
        Assert.True(new AesGcmCodeProtector(_app.Keyring).TryUnprotect(state.ProtectedCode!, new CodeBinding(p.SessionId, p.ParticipantId, state.CodeId!), out var code));
        var entered = await _join.VerifyAsync(invite, new VerifyInput(code), None);
        Assert.True(entered.IsSuccess, entered.Failure?.Code);
        _app.Time.Advance(TimeSpan.FromSeconds(40));
        return (invite, "Bearer " + entered.Value!.AccessToken, p);
    }
}
