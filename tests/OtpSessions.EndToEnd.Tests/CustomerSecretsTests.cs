using System.Net;
using System.Text.RegularExpressions;
using OtpSessions.Core.Events;
using Xunit;
using static OtpSessions.EndToEnd.Tests.CustomerTestKit;

namespace OtpSessions.EndToEnd.Tests;

/// <summary>No code, token or full address ever reaches a log line, an event or the agent's views.</summary>
[Collection(AppCollection.Name)]
public sealed class CustomerSecretsTests(AppFixture app)
{
    private readonly CustomerTestKit _kit = new(app);

    [Fact]
    public async Task A_whole_journey_leaves_no_code_token_or_full_address_in_the_logs_events_or_views()
    {
        using var agent = app.Agent(NewAgentId(), "retail");
        var (primaryEmail, primaryPhone, cosignerPhone, cosignerEmail, manualPhone) =
            (NewEmail("dana"), NewPhone(), NewPhone(), NewEmail("lee"), NewPhone());
        var session = await StartAsync(agent,
            Person("primary", "Dana Cole", Contact("email", primaryEmail), Contact("sms", primaryPhone)),
            Person("cosigner", "Lee Cole", Contact("sms", cosignerPhone), Contact("email", cosignerEmail)),
            Person("cosigner", "Max Cole", Contact("sms", manualPhone)));
        var sessionId = Text(session["sessionId"]);
        var secrets = new List<string>();

        var primaryToken = await _kit.InviteTokenAsync(primaryEmail);
        await _kit.OpenAsync(primaryToken);
        await _kit.RequestOtpAsync(primaryToken);
        var primaryCode = await _kit.CodeAsync(primaryPhone, 1);
        app.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.Accepted, (await _kit.ResendAsync(primaryToken)).StatusCode);
        Assert.Equal(primaryCode, await _kit.CodeAsync(primaryPhone, 2));
        await ProblemAsync(await _kit.VerifyAsync(primaryToken, primaryCode == "000000" ? "000001" : "000000"), HttpStatusCode.BadRequest, "otp_invalid");
        var primaryAccess = Text((await JsonAsync(await _kit.VerifyAsync(primaryToken, primaryCode), HttpStatusCode.OK))["accessToken"]);
        Assert.Equal(HttpStatusCode.OK, (await _kit.MeAsync(primaryAccess)).StatusCode);

        var cosignerToken = await _kit.InviteTokenAsync(cosignerPhone);
        await _kit.OpenAsync(cosignerToken);
        await _kit.RequestOtpAsync(cosignerToken);
        var cosignerCode = await _kit.CodeAsync(cosignerEmail, 1);
        var cosignerAccess = Text((await JsonAsync(await _kit.VerifyAsync(cosignerToken, cosignerCode), HttpStatusCode.OK))["accessToken"]);

        var manualToken = await _kit.InviteTokenAsync(manualPhone);
        var manualId = ParticipantId(session, 2);
        await _kit.OpenAsync(manualToken);
        await _kit.RequestOtpAsync(manualToken);
        var manualCode = Text((await JsonAsync(await agent.GetAsync(OtpViewPath(sessionId, manualId)), HttpStatusCode.OK))["code"]);
        var manualAccess = Text((await JsonAsync(await _kit.VerifyAsync(manualToken, manualCode), HttpStatusCode.OK))["accessToken"]);
        await ProblemAsync(await _kit.OpenAsync(manualToken + "x"), HttpStatusCode.NotFound, "link_invalid");
        await WaitForOtpDeliveryAsync(agent, sessionId, ParticipantId(session, 1), "sent");

        secrets.AddRange([primaryCode, cosignerCode, manualCode, primaryToken, cosignerToken, manualToken, primaryAccess, cosignerAccess, manualAccess,
            primaryEmail, cosignerEmail, primaryPhone, cosignerPhone, manualPhone, primaryPhone[1..], cosignerPhone[1..], manualPhone[1..]]);
        var logs = app.Logs.All;
        var view = await (await agent.GetAsync($"/api/sessions/{sessionId}")).Content.ReadAsStringAsync();
        var rows = await _kit.RowsAsync(sessionId);
        var eventData = rows.Where(r => r.RowKey.StartsWith("outbox|", StringComparison.Ordinal) || r.RowKey.StartsWith("audit|", StringComparison.Ordinal))
            .Select(r => r.GetString("Data")).ToList();
        Assert.NotEmpty(logs);
        Assert.Contains(logs.Split('\n'), line => line.Contains(sessionId, StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            // Digits only count as a whole number: a six-digit code may well occur inside a timestamp's ticks.
            var pattern = new Regex((char.IsAsciiDigit(secret[0]) ? @"(?<!\d)" : "") + Regex.Escape(secret) + (char.IsAsciiDigit(secret[^1]) ? @"(?!\d)" : ""));
            Assert.False(pattern.IsMatch(logs), $"a secret ({secret.Length} characters) is in the logs");
            Assert.False(pattern.IsMatch(view), $"a secret ({secret.Length} characters) is in the agent's view");
            Assert.All(eventData, data => Assert.False(pattern.IsMatch(data), $"a secret ({secret.Length} characters) is in event or audit data"));
        }
        Assert.All(eventData, data => Assert.Null(EventDataGuard.FindViolation(data)));
    }
}
