using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using OtpSessions.Core.Common;
using OtpSessions.Core.Passkeys;
using Xunit;
using static OtpSessions.EndToEnd.Tests.CustomerTestKit;

namespace OtpSessions.EndToEnd.Tests;

/// <summary>
/// "Not me" over HTTP: the link in every invitation and code message, <c>POST /api/not-me</c> (202, again 202,
/// <c>link_invalid</c> for malformed and unknown tokens), what a report stops (link, code, access, sends), its event, the
/// passkeys of the reported address, the agent's reassignment, and a closed session that a report no longer changes.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class NotMeEndToEndTests(AppFixture app)
{
    private readonly CustomerTestKit _kit = new(app);

    [Fact]
    public async Task A_report_from_the_code_sms_stops_link_code_and_access_sends_nothing_more_and_deletes_the_addresss_passkeys()
    {
        using var agent = app.Agent(NewAgentId());
        var (email, phone) = (NewEmail("dana"), NewPhone());
        var session = await StartAsync(agent, Person("primary", "Dana Cole", Contact("email", email), Contact("sms", phone)));
        var (sessionId, participantId) = (Text(session["sessionId"]), ParticipantId(session, 0));
        var token = await _kit.InviteTokenAsync(email);
        var inviteReport = await _kit.ReportTokenAsync(email);
        await JsonAsync(await _kit.OpenAsync(token), HttpStatusCode.OK);
        await JsonAsync(await _kit.RequestOtpAsync(token), HttpStatusCode.OK);
        var access = Text((await JsonAsync(await _kit.VerifyAsync(token, await _kit.CodeAsync(phone, 1)), HttpStatusCode.OK))["accessToken"]);
        var codeReport = await _kit.ReportTokenAsync(phone);
        Assert.NotEqual(inviteReport, codeReport);  // one per message channel
        // The person saved a passkey for the verified address (the code's); someone else has one too.
        var passkeys = app.Services.GetRequiredService<IPasskeyStore>();
        var owners = app.Services.GetRequiredService<PasskeyOwners>();
        var (reportedOwner, otherOwner) = (owners.KeyOf(new Contact(Channel.Sms, phone)), owners.KeyOf(new Contact(Channel.Sms, NewPhone())));
        Assert.True(await passkeys.AddAsync(new Passkey(reportedOwner, "cred-" + Guid.NewGuid().ToString("N"), [1, 2, 3], 0, app.Time.GetUtcNow(), null), default));
        Assert.True(await passkeys.AddAsync(new Passkey(otherOwner, "cred-" + Guid.NewGuid().ToString("N"), [1, 2, 3], 0, app.Time.GetUtcNow(), null), default));
        var (emailsBefore, smsBefore) = (app.MessagesTo(email).Count, app.MessagesTo(phone).Count);

        using (var reported = await _kit.ReportNotMeAsync(codeReport))
        {
            Assert.Equal(HttpStatusCode.Accepted, reported.StatusCode);
            Assert.Equal("no-store", reported.Headers.CacheControl?.ToString());
        }
        Assert.Equal(HttpStatusCode.Accepted, (await _kit.ReportNotMeAsync(codeReport)).StatusCode);  // again: the same answer
        Assert.Equal(HttpStatusCode.Accepted, (await _kit.ReportNotMeAsync(inviteReport)).StatusCode);

        // The link answers as a dead link does, the code and the access token are gone.
        var dead = await ProblemAsync(await _kit.OpenAsync(token), HttpStatusCode.NotFound, "link_invalid");
        var unknown = await ProblemAsync(await _kit.OpenAsync(new string('A', 60)), HttpStatusCode.NotFound, "link_invalid");
        Assert.Equal(WithoutTraceId(unknown), WithoutTraceId(dead));
        await ProblemAsync(await _kit.RequestOtpAsync(token), HttpStatusCode.NotFound, "link_invalid");
        await ProblemAsync(await _kit.VerifyAsync(token, "000000"), HttpStatusCode.NotFound, "link_invalid");
        await ProblemAsync(await _kit.MeAsync(access), HttpStatusCode.Unauthorized, "unauthorized");
        // The agent sees it, may not resend to it, and reassigns.
        var view = await ParticipantViewAsync(agent, sessionId, participantId);
        Assert.Equal("reported", Text(view["status"]));
        Assert.False(view["otpViewable"]!.GetValue<bool>());
        await ProblemAsync(await agent.PostAsync($"/api/sessions/{sessionId}/participants/{participantId}/invitation", null),
            HttpStatusCode.Conflict, "participant_not_invitable");
        // Nothing more went to either address.
        await app.WaitUntilQueuesIdleAsync();
        Assert.Equal((emailsBefore, smsBefore), (app.MessagesTo(email).Count, app.MessagesTo(phone).Count));
        // One event, with the channel of the message and no address; the evidence trail has the report.
        var rows = await _kit.RowsAsync(sessionId);
        var reportedEvent = Assert.Single(rows, r => r.RowKey.StartsWith("outbox|", StringComparison.Ordinal) && r.GetString("Type") == "participant.reported");
        var data = JsonNode.Parse(reportedEvent.GetString("Data"))!;
        Assert.Equal(("sms", participantId, "primary"), (Text(data["channel"]), Text(data["participantId"]), Text(data["role"])));
        Assert.DoesNotContain(phone[2..], reportedEvent.GetString("Data"), StringComparison.Ordinal);
        Assert.Single(rows, r => r.RowKey.StartsWith("audit|", StringComparison.Ordinal) && r.GetString("Action") == "participant.reported");
        // The passkeys of the reported address went; another person's stayed.
        Assert.Empty(await passkeys.ListAsync(reportedOwner, default));
        Assert.Single(await passkeys.ListAsync(otherOwner, default));
        // No raw report token is stored: the index keys by its hash, the participant row keeps neither.
        var participantRow = await _kit.ParticipantRowAsync(sessionId, participantId);
        Assert.DoesNotContain(((IDictionary<string, object>)participantRow).Values, v => v is string text && (text.Contains(codeReport, StringComparison.Ordinal) || text.Contains(inviteReport, StringComparison.Ordinal)));
        var index = app.Azurite.Tables().GetTableClient("reportlinks");
        Assert.False((await index.GetEntityIfExistsAsync<TableEntity>(codeReport, "")).HasValue);
        Assert.True((await index.GetEntityIfExistsAsync<TableEntity>(Core.Sessions.TokenFactory.Hash(codeReport), "")).HasValue);

        var newPhone = NewPhone();
        using var reassigned = await agent.PostAsJsonAsync($"/api/sessions/{sessionId}/participants/{participantId}/reassign",
            new { name = "Dana Cole", invite = Contact("sms", newPhone) });
        Assert.Equal(HttpStatusCode.Created, reassigned.StatusCode);
        Assert.NotNull(await _kit.ReportTokenAsync(newPhone));  // the replacement's invitation goes out, with its own not-me link
    }

    [Fact]
    public async Task Malformed_and_unknown_report_tokens_are_link_invalid_and_after_the_close_a_report_changes_nothing()
    {
        using var agent = app.Agent(NewAgentId());
        var phone = NewPhone();
        var session = await StartAsync(agent, Person("primary", "Lee Cole", Contact("sms", phone)));
        var (sessionId, participantId) = (Text(session["sessionId"]), ParticipantId(session, 0));
        var report = await _kit.ReportTokenAsync(phone);

        var answers = new List<string>();
        foreach (var token in new[] { null, "", "short", new string('A', 22), report + "A", await _kit.InviteTokenAsync(phone) })
        {
            answers.Add(WithoutTraceId(await ProblemAsync(await _kit.ReportNotMeAsync(token), HttpStatusCode.NotFound, "link_invalid")));
        }
        Assert.Single(answers.Distinct());
        // Another scheme with the right token is no report either.
        await ProblemAsync(await _kit.SendAsync(HttpMethod.Post, "/api/not-me", Invite(report)), HttpStatusCode.NotFound, "link_invalid");
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/sessions/{sessionId}/close", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await _kit.ReportNotMeAsync(report)).StatusCode);

        Assert.Equal("invited", Text((await ParticipantViewAsync(agent, sessionId, participantId))["status"]));
        Assert.DoesNotContain("participant.reported", await _kit.EventTypesAsync(sessionId));
    }
}
