using System.Net;
using Azure.Data.Tables;
using OtpSessions.Core;
using OtpSessions.Core.Sessions;
using OtpSessions.Testing;
using Xunit;
using static OtpSessions.EndToEnd.Tests.CustomerTestKit;

namespace OtpSessions.EndToEnd.Tests;

/// <summary>
/// The customer's credentials over HTTP: links that do not work all look the same, an expired link can be renewed to
/// the participant's own address only, closing the session stops link and access token at once, and a code whose
/// delivery message is poisoned is recorded as failed.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class CustomerLinkTests(AppFixture app)
{
    private readonly CustomerTestKit _kit = new(app);

    [Fact]
    public async Task Closing_the_session_makes_the_link_404_and_the_access_token_401()
    {
        using var agent = app.Agent(NewAgentId());
        var email = NewEmail("dana");
        var session = await StartAsync(agent, Person("primary", "Dana Cole", Contact("email", email)));
        var sessionId = Text(session["sessionId"]);
        var token = await _kit.InviteTokenAsync(email);
        var accessToken = await _kit.AuthenticateManuallyAsync(agent, sessionId, ParticipantId(session, 0), token);
        Assert.Equal(HttpStatusCode.OK, (await _kit.MeAsync(accessToken)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/sessions/{sessionId}/close", null)).StatusCode);

        var closed = await ProblemAsync(await _kit.OpenAsync(token), HttpStatusCode.NotFound, "link_invalid");
        await ProblemAsync(await _kit.RequestOtpAsync(token), HttpStatusCode.NotFound, "link_invalid");
        await ProblemAsync(await _kit.MeAsync(accessToken), HttpStatusCode.Unauthorized, "unauthorized");
        var unknown = await ProblemAsync(await _kit.OpenAsync(TokenFactory.NewAccessToken(SessionIds.NewSessionId(), SessionIds.NewParticipantId())), HttpStatusCode.NotFound, "link_invalid");
        var malformed = await ProblemAsync(await _kit.OpenAsync("not-a-token"), HttpStatusCode.NotFound, "link_invalid");
        Assert.Equal(WithoutTraceId(unknown), WithoutTraceId(closed));
        Assert.Equal(WithoutTraceId(unknown), WithoutTraceId(malformed));
    }

    [Fact]
    public async Task Me_is_401_without_a_token_with_an_unknown_one_and_with_an_invite_token()
    {
        using var agent = app.Agent(NewAgentId());
        var email = NewEmail("dana");
        await StartAsync(agent, Person("primary", "Dana Cole", Contact("email", email)));
        var inviteToken = await _kit.InviteTokenAsync(email);

        await ProblemAsync(await _kit.MeAsync(null), HttpStatusCode.Unauthorized, "unauthorized");
        await ProblemAsync(await _kit.MeAsync(TokenFactory.NewAccessToken(SessionIds.NewSessionId(), SessionIds.NewParticipantId())), HttpStatusCode.Unauthorized, "unauthorized");
        await ProblemAsync(await _kit.MeAsync(inviteToken), HttpStatusCode.Unauthorized, "unauthorized");
        await ProblemAsync(await _kit.MeAsync("x"), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task An_access_token_stops_working_after_its_lifetime()
    {
        using var agent = app.Agent(NewAgentId());
        var email = NewEmail("dana");
        var session = await StartAsync(agent, Person("primary", "Dana Cole", Contact("email", email)));
        var accessToken = await _kit.AuthenticateManuallyAsync(agent, Text(session["sessionId"]), ParticipantId(session, 0),
            await _kit.InviteTokenAsync(email));

        app.Time.Advance(TimeSpan.FromHours(12));

        await ProblemAsync(await _kit.MeAsync(accessToken), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task An_expired_link_is_410_and_a_new_link_goes_only_to_the_participants_own_invite_address()
    {
        var email = NewEmail("dana");
        var elsewhere = NewEmail("mallory");
        using (var agent = app.Agent(NewAgentId()))
        {
            await StartAsync(agent, Person("primary", "Dana Cole", Contact("email", email), Contact("sms", NewPhone())));
        }
        var oldToken = await _kit.InviteTokenAsync(email);
        await ProblemAsync(await _kit.NewLinkAsync(oldToken), HttpStatusCode.NotFound, "link_invalid");

        app.Time.Advance(TimeSpan.FromDays(7));

        await ProblemAsync(await _kit.OpenAsync(oldToken), HttpStatusCode.Gone, "link_expired");
        await ProblemAsync(await _kit.RequestOtpAsync(oldToken), HttpStatusCode.Gone, "link_expired");
        using var renewed = await _kit.NewLinkAsync(oldToken, new { channel = "email", address = elsewhere });
        Assert.Equal(HttpStatusCode.Accepted, renewed.StatusCode);
        var newToken = await _kit.InviteTokenAsync(email, 2);
        Assert.NotEqual(oldToken, newToken);
        Assert.Empty(app.MessagesTo(elsewhere));
        await ProblemAsync(await _kit.OpenAsync(oldToken), HttpStatusCode.NotFound, "link_invalid");
        await ProblemAsync(await _kit.NewLinkAsync(oldToken), HttpStatusCode.NotFound, "link_invalid");
        Assert.Equal("opened", Text((await JsonAsync(await _kit.OpenAsync(newToken), HttpStatusCode.OK))["participant"]!["status"]));
    }

    [Fact]
    public async Task A_new_link_is_refused_with_retry_after_within_the_resend_cooldown()
    {
        var team = "short-links-" + Guid.NewGuid().ToString("N")[..8];
        var policies = app.Azurite.Tables().GetTableClient("policies");
        await policies.CreateIfNotExistsAsync();
        await policies.UpsertEntityAsync(new TableEntity("team", team) { ["InviteLinkLifetime"] = "00:05:00", ["ResendCooldown"] = "00:30:00" });
        var email = NewEmail("dana");
        using (var agent = app.Agent(NewAgentId(), team))
        {
            await StartAsync(agent, Person("primary", "Dana Cole", Contact("email", email)));
        }
        var token = await _kit.InviteTokenAsync(email);

        app.Time.Advance(TimeSpan.FromMinutes(5));

        var refused = await _kit.NewLinkAsync(token);
        await ProblemAsync(refused, HttpStatusCode.TooManyRequests, "too_many_requests");
        Assert.Equal(TimeSpan.FromMinutes(25), refused.Headers.RetryAfter?.Delta);
        app.Time.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal(HttpStatusCode.Accepted, (await _kit.NewLinkAsync(token)).StatusCode);
        await _kit.InviteTokenAsync(email, 2);
    }

    [Fact]
    public async Task A_poisoned_delivery_message_marks_the_delivery_failed()
    {
        using var agent = app.Agent(NewAgentId());
        var (email, phone) = (NewEmail("dana"), NewPhone());
        var session = await StartAsync(agent, Person("primary", "Dana Cole", Contact("email", email), Contact("sms", phone)));
        var (sessionId, participantId) = (Text(session["sessionId"]), ParticipantId(session, 0));
        var token = await _kit.InviteTokenAsync(email);
        await WaitForInvitationSentAsync(agent, sessionId, participantId);
        try
        {
            // The provider keeps failing (the host retries the message), and the host gives up on it: what it does after
            // maxDequeueCount attempts is put the same message on the poison queue.
            app.Acs.State.InjectFault(503, 1_000, to: phone);
            await JsonAsync(await _kit.RequestOtpAsync(token), HttpStatusCode.OK);
            var codeId = (await _kit.ParticipantRowAsync(sessionId, participantId)).GetString("CurrentCodeId");
            await app.Azurite.Queues().GetQueueClient(QueueNames.Poison(QueueNames.OtpDeliveries))
                .SendMessageAsync($$"""{"kind":"code","sessionId":"{{sessionId}}","participantId":"{{participantId}}","item":"{{codeId}}"}""");

            await WaitForOtpDeliveryAsync(agent, sessionId, participantId, "failed");
            Assert.Single(await _kit.EventTypesAsync(sessionId), t => t == "otp.delivery_failed");
        }
        finally
        {
            app.Acs.State.InjectFault(503, 0, to: phone);
        }
    }

    private static Task WaitForInvitationSentAsync(HttpClient agent, string sessionId, string participantId) =>
        Poll.UntilAsync(() => ParticipantViewAsync(agent, sessionId, participantId),
            p => Text(p["invitation"]!["status"]) == "sent", "invitation sent");
}
