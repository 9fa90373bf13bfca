using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OtpSessions.Core.Auth;
using OtpSessions.Core.Common;
using OtpSessions.Core.Evidence;
using OtpSessions.Core.Sessions;
using OtpSessions.Core.Tests.Support;
using OtpSessions.Testing.InMemory;

namespace OtpSessions.Core.Tests.Evidence;

/// <summary>
/// The evidence record and who may read it, on the in-memory app (no I/O). The signature itself is the signer's (tested
/// with real keys in Infrastructure.Tests and over HTTP in EndToEnd.Tests); here a signer that only wraps the payload.
/// </summary>
public sealed class EvidenceServiceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly InMemoryApp _app = new();
    private readonly InMemoryEvidenceStore _store;
    private readonly EvidenceService _service;

    public EvidenceServiceTests()
    {
        _store = new InMemoryEvidenceStore(_app.Sessions, _app.Time);
        _service = new EvidenceService(_store, new WrappingSigner(), Options.Create(new EvidenceOptions { RetentionDays = 30 }), _app.Time);
    }

    private static readonly AgentPrincipal Owner = InMemoryApp.Agent("agent-7", "retail");

    private async Task<SignedEvidence> GetAsync(string sessionId, AgentPrincipal? agent = null)
    {
        var outcome = await _service.GetAsync(agent ?? Owner, sessionId, None);
        Assert.True(outcome.IsSuccess, outcome.Failure?.Detail);
        return outcome.Value!;
    }

    private static JsonElement Json(SignedEvidence evidence) => JsonDocument.Parse(evidence.Payload).RootElement.Clone();

    /// <summary>Records what a customer's wrong code would record, at the app's current time.</summary>
    private async Task RecordWrongAttemptAsync(string sessionId, string participantId)
    {
        var snapshot = await _app.Sessions.LoadSessionAsync(sessionId, None);
        var now = _app.Time.GetUtcNow();
        await _app.Sessions.CommitAsync(new SessionChange(snapshot!.Session)
            .Record(AuditActions.WrongAttempt, participantId, now, participantId, new WrongAttemptData(participantId, "c1", 1, 0)), None);
    }

    [Fact]
    public async Task Asked_twice_with_nothing_new_the_payload_is_the_same_bytes_and_as_of_is_the_latest_entry_not_now()
    {
        var session = await _app.StartAsync(Owner);
        var first = await GetAsync(session.SessionId);

        _app.Time.Advance(TimeSpan.FromHours(3));
        var second = await GetAsync(session.SessionId);

        Assert.Equal(first.Payload, second.Payload);
        Assert.Equal(first.PayloadSha256, second.PayloadSha256);
        Assert.Equal(EvidenceRecord.Time(session.CreatedAt), Json(second).GetProperty("asOf").GetString());

        await RecordWrongAttemptAsync(session.SessionId, session.Participants[0].ParticipantId);
        var third = await GetAsync(session.SessionId);

        Assert.NotEqual(second.Payload, third.Payload);
        Assert.Equal(EvidenceRecord.Time(_app.Time.GetUtcNow()), Json(third).GetProperty("asOf").GetString());
        var primary = Json(third).GetProperty("participants")[0];
        var wrong = Assert.Single(primary.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == AuditActions.WrongAttempt);
        Assert.Equal(1, wrong.GetProperty("data").GetProperty("failedAttempts").GetInt32());
    }

    [Fact]
    public async Task The_record_names_who_how_and_where_with_masked_addresses_only()
    {
        var session = await _app.StartAsync(Owner);

        var evidence = await GetAsync(session.SessionId);
        var text = Encoding.UTF8.GetString(evidence.Payload);
        var record = Json(evidence);

        foreach (var address in new[] { "dana@example.com", "+14155550100", "+14155550101", "lee@example.com" })
        {
            Assert.DoesNotContain(address, text, StringComparison.Ordinal);
        }
        Assert.Equal(session.SessionId, record.GetProperty("sessionId").GetString());
        Assert.Equal("loan-8812", record.GetProperty("reference").GetString());
        Assert.Equal("retail", record.GetProperty("team").GetString());
        var primary = record.GetProperty("participants")[0];
        Assert.Equal("Dana Cole", primary.GetProperty("name").GetString());
        Assert.Equal(new Contact(Channel.Email, "dana@example.com").Masked, primary.GetProperty("invite").GetProperty("address").GetString());
        Assert.Equal(new Contact(Channel.Sms, "+14155550100").Masked, primary.GetProperty("otp").GetProperty("address").GetString());
        Assert.Equal(JsonValueKind.Null, primary.GetProperty("method").ValueKind);
        Assert.Contains(record.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == AuditActions.SessionStarted);
    }

    [Fact]
    public async Task Audit_actions_it_does_not_know_are_carried_through_and_a_method_in_the_data_is_the_method()
    {
        var session = await _app.StartAsync(Owner);
        var participantId = session.Participants[0].ParticipantId;
        var snapshot = await _app.Sessions.LoadSessionAsync(session.SessionId, None);
        var now = _app.Time.GetUtcNow();
        await _app.Sessions.CommitAsync(new SessionChange(snapshot!.Session)
            .Record("participant.passkey_added", participantId, now, participantId, new { credentialId = "cred-1" })
            .Record("participant.authenticated", participantId, now.AddSeconds(1), participantId, new { method = "passkey" }), None);

        var primary = Json(await GetAsync(session.SessionId)).GetProperty("participants")[0];

        var passkey = Assert.Single(primary.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "participant.passkey_added");
        Assert.Equal("cred-1", passkey.GetProperty("data").GetProperty("credentialId").GetString());
        Assert.Equal("passkey", primary.GetProperty("method").GetString());
        Assert.Equal(EvidenceRecord.Time(now.AddSeconds(1)), primary.GetProperty("authenticatedAt").GetString());
    }

    [Fact]
    public async Task Another_agent_is_told_the_session_does_not_exist_while_a_supervisor_or_admin_of_its_team_may_read_it()
    {
        var session = await _app.StartAsync(Owner);

        foreach (var stranger in new[]
        {
            InMemoryApp.Agent("agent-8", "retail"),
            InMemoryApp.Agent("sup-1", "business", AgentPrincipal.SupervisorRole),
            InMemoryApp.Agent("adm-1", "business", AgentPrincipal.AdminRole),
        })
        {
            Assert.Equal(ErrorCodes.SessionNotFound, (await _service.GetAsync(stranger, session.SessionId, None)).Failure?.Code);
        }
        var owners = await GetAsync(session.SessionId);
        Assert.Equal(owners.Payload, (await GetAsync(session.SessionId, InMemoryApp.Agent("sup-1", "retail", AgentPrincipal.SupervisorRole))).Payload);
        Assert.Equal(owners.Payload, (await GetAsync(session.SessionId, InMemoryApp.Agent("adm-1", "retail", AgentPrincipal.AdminRole))).Payload);
        Assert.Equal(ErrorCodes.SessionNotFound, (await _service.GetAsync(Owner, SessionIds.NewSessionId(), None)).Failure?.Code);
    }

    [Fact]
    public async Task An_expired_session_keeps_its_final_record_for_the_retention_and_only_for_its_readers()
    {
        var session = await _app.StartAsync(Owner);
        await RecordWrongAttemptAsync(session.SessionId, session.Participants[0].ParticipantId);
        var before = await GetAsync(session.SessionId);

        _app.Time.SetUtcNow(session.ExpiresAt.AddMinutes(1));
        await _service.KeepAsync(session.SessionId, None);
        _app.Sessions.Purge(session.SessionId);
        await _service.KeepAsync(session.SessionId, None); // told again once the rows are gone: the kept record stays

        Assert.Equal(before.Payload, (await GetAsync(session.SessionId)).Payload);
        Assert.Equal(ErrorCodes.SessionNotFound, (await _service.GetAsync(InMemoryApp.Agent("agent-8", "retail"), session.SessionId, None)).Failure?.Code);
        Assert.True((await _service.GetAsync(InMemoryApp.Agent("adm-1", "retail", AgentPrincipal.AdminRole), session.SessionId, None)).IsSuccess);

        _app.Time.SetUtcNow(session.ExpiresAt.AddMinutes(1).AddDays(30).AddSeconds(1));
        Assert.Equal(ErrorCodes.SessionNotFound, (await _service.GetAsync(Owner, session.SessionId, None)).Failure?.Code);
    }

    [Fact]
    public async Task The_signer_signs_exactly_the_payload_bytes()
    {
        var session = await _app.StartAsync(Owner);

        var evidence = await GetAsync(session.SessionId);

        Assert.Equal(evidence.Payload, Convert.FromBase64String(evidence.Jws));
    }

    /// <summary>A stand-in signer: the "JWS" is the payload in base64, so a test can see what was handed to it.</summary>
    private sealed class WrappingSigner : IEvidenceSigner
    {
        public Task<string> SignAsync(byte[] payload, CancellationToken cancellationToken) => Task.FromResult(Convert.ToBase64String(payload));

        public Task<EvidenceKeySet> KeysAsync(CancellationToken cancellationToken) => Task.FromResult(new EvidenceKeySet([]));
    }
}
