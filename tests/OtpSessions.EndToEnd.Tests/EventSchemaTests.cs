using System.Net;
using System.Net.Http.Json;
using OtpSessions.Testing;
using Xunit;
using static OtpSessions.EndToEnd.Tests.CustomerTestKit;

namespace OtpSessions.EndToEnd.Tests;

/// <summary>
/// The event schemas (docs/schemas) against the events the code really writes: a journey through the HTTP API that
/// produces most event types, then every outbox row of the session validated against its type's schema.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class EventSchemaTests(AppFixture app)
{
    private readonly CustomerTestKit _kit = new(app);

    [Fact]
    public async Task Every_event_the_app_writes_conforms_to_the_json_schema_of_its_type()
    {
        var email = NewEmail("schema");
        var phone = NewPhone();
        var cosignerPhone = NewPhone();
        using var agent = app.Agent(NewAgentId(), "retail");
        var session = await StartAsync(agent,
            Person("primary", "Dana Cole", Contact("email", email), Contact("sms", phone)),
            Person("cosigner", "Lee Cole", Contact("sms", cosignerPhone)));
        var sessionId = Text(session["sessionId"]);
        var cosignerId = ParticipantId(session, 1);

        var invite = await _kit.InviteTokenAsync(email);
        (await _kit.OpenAsync(invite)).Dispose();
        (await _kit.RequestOtpAsync(invite)).Dispose();
        (await _kit.VerifyAsync(invite, await _kit.CodeAsync(phone, 1))).Dispose();
        (await agent.PostAsync($"/api/sessions/{sessionId}/participants/{ParticipantId(session, 0)}/sign-out", null)).Dispose();

        var cosignerInvite = await _kit.InviteTokenAsync(cosignerPhone);
        (await _kit.RequestOtpAsync(cosignerInvite)).Dispose();
        (await agent.GetAsync(OtpViewPath(sessionId, cosignerId))).Dispose();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            (await _kit.VerifyAsync(cosignerInvite, "000000")).Dispose();
        }
        using (var added = await agent.PostAsJsonAsync($"/api/sessions/{sessionId}/participants",
            Person("cosigner", "Kim Lee", Contact("email", NewEmail("added")))))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
            var addedId = Text((await JsonAsync(added))["participantId"]);
            (await agent.PostAsJsonAsync($"/api/sessions/{sessionId}/participants/{addedId}/reassign",
                new { name = "Kim Park", invite = Contact("email", NewEmail("replacement")) })).Dispose();
        }
        (await agent.PostAsync($"/api/sessions/{sessionId}/close", null)).Dispose();

        var rows = await Poll.UntilAsync(async () => (await _kit.RowsAsync(sessionId))
                .Where(r => r.RowKey.StartsWith("outbox|", StringComparison.Ordinal)).ToList(),
            r => r.Any(e => e.GetString("Type") == "session.closed") && r.Count(e => e.GetString("Type") == "invitation.sent") >= 2,
            "the journey's events");
        var types = rows.Select(r => r.GetString("Type")).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "session.started", "invitation.sent", "participant.opened", "otp.requested", "otp.sent", "participant.authenticated",
            "otp.viewed", "participant.locked", "participant.added", "participant.reassigned", "participant.signed_out", "session.closed",
        }, types);
        Assert.All(rows, row => Assert.True(EventSchemas.Violation(row.GetString("Type"), row.GetString("Data")) is null,
            $"{row.GetString("Type")}: {EventSchemas.Violation(row.GetString("Type"), row.GetString("Data"))}"));
    }
}
