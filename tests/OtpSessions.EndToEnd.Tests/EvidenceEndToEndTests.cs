using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OtpSessions.Core.Sessions;
using UglyToad.PdfPig;
using Xunit;
using static OtpSessions.EndToEnd.Tests.CustomerTestKit;

namespace OtpSessions.EndToEnd.Tests;

/// <summary>
/// Signed evidence over HTTP: a whole journey (an invitation, a code sent and reported delivered, a wrong code, the right
/// one) gives a compact JWS that standard JOSE tooling verifies with the published JWKS — and refuses once one payload
/// byte changes; it holds no full address, code or token; asked again, the same payload bytes; the PDF certificate
/// carries the session id and the payload's digest; only the owner and the team's supervisors and admins get it; and
/// once the session expired and its rows were purged, its kept record is still served.
/// <para>On a stack of its own (not the shared collection's): the purge keeps a signed record of every expired session it
/// finds, so on the shared stack it would work through every other test's sessions too (most of the run's time), and the
/// 31 days it moves the clock would expire them.</para>
/// </summary>
public sealed class EvidenceEndToEndTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly CustomerTestKit _kit = new(app);

    private static string EvidencePath(string sessionId) => $"/api/sessions/{sessionId}/evidence";

    private sealed record Journey(string SessionId, string Email, string Phone, string InviteToken, string Code, string AccessToken, string AgentId, string Team);

    private async Task<Journey> AuthenticatedJourneyAsync()
    {
        var (agentId, team) = (NewAgentId(), "team-" + Guid.NewGuid().ToString("N")[..8]);
        using var agent = app.Agent(agentId, team);
        var (email, phone) = (NewEmail("dana"), NewPhone());
        var session = await StartAsync(agent, Person("primary", "Dana Cole", Contact("email", email), Contact("sms", phone)));
        var (sessionId, participantId) = (Text(session["sessionId"]), ParticipantId(session, 0));
        var token = await _kit.InviteTokenAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await _kit.OpenAsync(token)).StatusCode);
        await JsonAsync(await _kit.RequestOtpAsync(token), HttpStatusCode.OK);
        var sms = Assert.Single(await app.WaitForMessagesAsync(phone));
        var code = CodeIn(sms);
        await WaitForOtpDeliveryAsync(agent, sessionId, participantId, "sent");
        await _kit.ReportSmsAsync(sms, phone, "Delivered");
        await WaitForOtpDeliveryAsync(agent, sessionId, participantId, "delivered");
        Assert.NotEqual(HttpStatusCode.OK, (await _kit.VerifyAsync(token, code == "000000" ? "111111" : "000000")).StatusCode);
        var verified = await JsonAsync(await _kit.VerifyAsync(token, code), HttpStatusCode.OK);
        return new Journey(sessionId, email, phone, token, code, Text(verified["accessToken"]), agentId, team);
    }

    private async Task<string> JwsAsync(HttpClient agent, string sessionId)
    {
        var response = await agent.GetAsync(EvidencePath(sessionId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/jose", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<TokenValidationResult> VerifyAsync(string jws)
    {
        var jwks = new JsonWebKeySet(await app.Anonymous.GetStringAsync("/api/evidence/keys"));
        return await new JsonWebTokenHandler().ValidateTokenAsync(jws, new TokenValidationParameters
        {
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = ["ES256"],
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
        });
    }

    private static byte[] PayloadOf(string jws) => Base64UrlEncoder.DecodeBytes(jws.Split('.')[1]);

    [Fact]
    public async Task The_jws_verifies_with_the_published_keys_and_fails_when_one_payload_byte_changes()
    {
        var journey = await AuthenticatedJourneyAsync();
        using var agent = app.Agent(journey.AgentId, journey.Team);

        var jws = await JwsAsync(agent, journey.SessionId);

        var valid = await VerifyAsync(jws);
        Assert.True(valid.IsValid, valid.Exception?.Message);
        using var header = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jws.Split('.')[0]));
        Assert.Equal("ES256", header.RootElement.GetProperty("alg").GetString());
        Assert.False(string.IsNullOrEmpty(header.RootElement.GetProperty("kid").GetString()));

        var payload = PayloadOf(jws);
        payload[payload.Length / 2] ^= 0x01;
        var parts = jws.Split('.');
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        Assert.False((await VerifyAsync(tampered)).IsValid);
    }

    [Fact]
    public async Task The_record_shows_the_journey_without_a_full_address_code_or_token_and_is_the_same_bytes_when_asked_again()
    {
        var journey = await AuthenticatedJourneyAsync();
        using var agent = app.Agent(journey.AgentId, journey.Team);

        var first = PayloadOf(await JwsAsync(agent, journey.SessionId));
        app.Time.Advance(TimeSpan.FromMinutes(5));
        var second = PayloadOf(await JwsAsync(agent, journey.SessionId));

        Assert.Equal(first, second);
        var text = Encoding.UTF8.GetString(first);
        foreach (var secret in new[] { journey.Email, journey.Phone, journey.InviteToken, journey.AccessToken, $"\"{journey.Code}\"", $"#{journey.Code}" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
        using var record = JsonDocument.Parse(first);
        var participant = record.RootElement.GetProperty("participants")[0];
        Assert.Equal("authenticated", participant.GetProperty("status").GetString());
        Assert.Equal("otp", participant.GetProperty("method").GetString());
        var types = participant.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        foreach (var expected in new[]
        {
            "invitation.sent", "participant.opened", "otp.requested", "otp.sent", "otp.delivered", AuditActions.WrongAttempt, "participant.authenticated",
        })
        {
            Assert.Contains(expected, types);
        }
        var delivered = participant.GetProperty("events").EnumerateArray().First(e => e.GetProperty("type").GetString() == "otp.delivered");
        Assert.False(string.IsNullOrEmpty(delivered.GetProperty("data").GetProperty("providerMessageId").GetString()));
    }

    [Fact]
    public async Task The_pdf_certificate_holds_the_session_id_and_the_payload_digest()
    {
        var journey = await AuthenticatedJourneyAsync();
        using var agent = app.Agent(journey.AgentId, journey.Team);
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(PayloadOf(await JwsAsync(agent, journey.SessionId))));

        using var request = new HttpRequestMessage(HttpMethod.Get, EvidencePath(journey.SessionId));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/pdf"));
        var response = await agent.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(2, pdf.NumberOfPages); // the cover and one participant
        var text = string.Join("\n", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        Assert.Contains(journey.SessionId, text, StringComparison.Ordinal);
        Assert.Contains(digest, text, StringComparison.Ordinal);
        Assert.Contains("Dana Cole", text, StringComparison.Ordinal);
        Assert.DoesNotContain(journey.Email, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_agent_is_told_the_session_does_not_exist_and_a_supervisor_or_admin_of_the_team_gets_it()
    {
        var journey = await AuthenticatedJourneyAsync();

        using var stranger = app.Agent(NewAgentId(), journey.Team);
        await ProblemAsync(await stranger.GetAsync(EvidencePath(journey.SessionId)), HttpStatusCode.NotFound, "session_not_found");
        using var otherSupervisor = app.Agent(NewAgentId(), "another-team", "supervisor");
        await ProblemAsync(await otherSupervisor.GetAsync(EvidencePath(journey.SessionId)), HttpStatusCode.NotFound, "session_not_found");

        using var supervisor = app.Agent(NewAgentId(), journey.Team, "supervisor");
        Assert.True((await VerifyAsync(await JwsAsync(supervisor, journey.SessionId))).IsValid);
        using var admin = app.Agent(NewAgentId(), journey.Team, "admin");
        Assert.True((await VerifyAsync(await JwsAsync(admin, journey.SessionId))).IsValid);
        using var anonymous = new HttpRequestMessage(HttpMethod.Get, EvidencePath(journey.SessionId));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous.SendAsync(anonymous)).StatusCode);
    }

    [Fact]
    public async Task An_expired_and_purged_session_is_still_served_from_its_kept_record()
    {
        var journey = await AuthenticatedJourneyAsync();
        using (var agent = app.Agent(journey.AgentId, journey.Team))
        {
            var before = PayloadOf(await JwsAsync(agent, journey.SessionId));

            app.Time.Advance(TimeSpan.FromDays(31));
            await app.Services.GetRequiredService<IExpiredRowPurger>().PurgeAsync(CancellationToken.None);
            Assert.DoesNotContain(await _kit.RowsAsync(journey.SessionId), r => r.RowKey == "session" || r.RowKey.StartsWith("audit|", StringComparison.Ordinal));

            using var later = app.Agent(journey.AgentId, journey.Team);
            var after = await JwsAsync(later, journey.SessionId);
            Assert.Equal(before, PayloadOf(after));
            Assert.True((await VerifyAsync(after)).IsValid);
        }
        using var stranger = app.Agent(NewAgentId(), journey.Team);
        await ProblemAsync(await stranger.GetAsync(EvidencePath(journey.SessionId)), HttpStatusCode.NotFound, "session_not_found");
    }
}
