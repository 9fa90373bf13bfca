using System.Net;
using System.Net.Http.Json;
using OtpSessions.Testing;
using Xunit;
using static OtpSessions.EndToEnd.Tests.CustomerTestKit;

namespace OtpSessions.EndToEnd.Tests;

/// <summary>
/// Ten languages over HTTP: the phone's country picks the language when the agent gives none, a regional tag falls back
/// to its language in every view, a language we do not speak is <c>locale_not_supported</c>, the messages the fake ACS
/// receives are written in the participant's language, and SMS go to mobile numbers only.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class LanguageEndToEndTests(AppFixture app)
{
    private readonly CustomerTestKit _kit = new(app);


    [Fact]
    public async Task A_french_number_without_a_locale_gets_french_messages_and_a_french_page()
    {
        using var agent = app.Agent(NewAgentId());
        var (email, phone, cosignerPhone) = (NewEmail("claire"), TestPhones.NewFrenchMobile(), TestPhones.NewFrenchMobile());
        var session = await StartAsync(agent,
            Person("primary", "Claire Martin", Contact("email", email), Contact("sms", phone)),
            Person("cosigner", "Luc Martin", Contact("sms", cosignerPhone)));

        Assert.Equal(["fr", "fr"], session["participants"]!.AsArray().Select(p => Text(p!["locale"])));
        var invitation = Assert.Single(await app.WaitForMessagesAsync(email));
        Assert.Equal($"{app.Setting("Messaging__OrganisationName")} : invitation à une session sécurisée", invitation.Subject);
        Assert.Contains("<html lang=\"fr\" dir=\"ltr\">", invitation.Html!, StringComparison.Ordinal);
        var smsInvitation = Assert.Single(await app.WaitForMessagesAsync(cosignerPhone));
        Assert.Contains("vous invite à une session sécurisée", smsInvitation.Body!, StringComparison.Ordinal);

        var token = await _kit.InviteTokenAsync(email);
        Assert.Equal("fr", Text((await JsonAsync(await _kit.OpenAsync(token), HttpStatusCode.OK))["participant"]!["locale"]));
        await JsonAsync(await _kit.RequestOtpAsync(token), HttpStatusCode.OK);
        var sms = Assert.Single(await app.WaitForMessagesAsync(phone));
        var code = CodeIn(sms);
        Assert.StartsWith($"{code} est votre code de vérification", sms.Body, StringComparison.Ordinal);
        Assert.Contains("Il expire dans", sms.Body, StringComparison.Ordinal);
        Assert.EndsWith($"\n@{new Uri(app.Setting("Web__BaseUrl")).Host} #{code}", sms.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_regional_tag_falls_back_to_its_language_in_every_view_and_wins_over_the_phones_country()
    {
        using var agent = app.Agent(NewAgentId());
        var (email, phone) = (NewEmail("joao"), TestPhones.NewFrenchMobile());
        var session = await StartAsync(agent, new
        {
            role = "primary", name = "João Silva", locale = "pt-BR", invite = Contact("email", email), otp = Contact("sms", phone),
        });
        var (sessionId, participantId) = (Text(session["sessionId"]), ParticipantId(session, 0));

        Assert.Equal("pt", Text(session["participants"]![0]!["locale"]));
        Assert.Equal("pt", Text((await ParticipantViewAsync(agent, sessionId, participantId))["locale"]));
        var invitation = Assert.Single(await app.WaitForMessagesAsync(email));
        Assert.Contains("convite para uma sessão segura", invitation.Subject!, StringComparison.Ordinal);
        var token = await _kit.InviteTokenAsync(email);
        Assert.Equal("pt", Text((await JsonAsync(await _kit.OpenAsync(token), HttpStatusCode.OK))["participant"]!["locale"]));
        await JsonAsync(await _kit.RequestOtpAsync(token), HttpStatusCode.OK);
        var code = await _kit.CodeAsync(phone, 1);
        var access = Text((await JsonAsync(await _kit.VerifyAsync(token, code), HttpStatusCode.OK))["accessToken"]);
        Assert.Equal("pt", Text((await JsonAsync(await _kit.MeAsync(access), HttpStatusCode.OK))["participant"]!["locale"]));
    }

    [Theory]
    [InlineData("ja")]
    [InlineData("zh-Hant-TW")]
    [InlineData("pt_BR")]
    [InlineData("english")]
    public async Task A_language_we_do_not_speak_is_400_locale_not_supported_and_sends_nothing(string locale)
    {
        using var agent = app.Agent(NewAgentId());
        var email = NewEmail("kenji");

        using var response = await agent.PostAsJsonAsync("/api/sessions", new
        {
            participants = new[] { new { role = "primary", name = "Kenji Sato", locale, invite = Contact("email", email), otp = Contact("sms", NewPhone()) } },
        });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "locale_not_supported");
        Assert.NotNull(problem["errors"]!["participants[0].locale"]);
        await app.WaitUntilQueuesIdleAsync();
        Assert.Empty(app.MessagesTo(email));
    }

    [Fact]
    public async Task Adding_and_reassigning_refuse_an_unsupported_locale_and_a_fixed_line_for_invite_or_code()
    {
        using var agent = app.Agent(NewAgentId());
        var session = await StartAsync(agent, Person("primary", "Dana Cole", Contact("email", NewEmail("dana")), Contact("sms", NewPhone())));
        var (sessionId, participantId) = (Text(session["sessionId"]), ParticipantId(session, 0));
        const string frenchFixedLine = "+33123456789";

        await ProblemAsync(await agent.PostAsJsonAsync($"/api/sessions/{sessionId}/participants",
            new { role = "cosigner", name = "Lee", locale = "xx", invite = Contact("email", NewEmail("lee")) }), HttpStatusCode.BadRequest, "locale_not_supported");
        var addFixed = await ProblemAsync(await agent.PostAsJsonAsync($"/api/sessions/{sessionId}/participants",
            new { role = "cosigner", name = "Lee", invite = Contact("email", NewEmail("lee")), otp = Contact("sms", frenchFixedLine) }), HttpStatusCode.BadRequest, "address_not_mobile");
        Assert.NotNull(addFixed["errors"]!["otp.address"]);
        var reassignFixed = await ProblemAsync(await agent.PostAsJsonAsync($"/api/sessions/{sessionId}/participants/{participantId}/reassign",
            new { name = "Pat", invite = Contact("sms", frenchFixedLine) }), HttpStatusCode.BadRequest, "address_not_mobile");
        Assert.NotNull(reassignFixed["errors"]!["invite.address"]);
        await ProblemAsync(await agent.PostAsJsonAsync($"/api/sessions/{sessionId}/participants/{participantId}/reassign",
            new { name = "Pat", locale = "klingon", invite = Contact("email", NewEmail("pat")) }), HttpStatusCode.BadRequest, "locale_not_supported");
        await app.WaitUntilQueuesIdleAsync();
        Assert.Empty(app.MessagesTo(frenchFixedLine));
    }

    [Fact]
    public async Task Ten_languages_give_ten_distinct_invitations()
    {
        using var agent = app.Agent(NewAgentId());
        string[] locales = ["en", "es", "fr", "de", "it", "pt", "nl", "pl", "tr", "ar"];
        var emails = locales.Select(l => NewEmail("person-" + l)).ToArray();
        var participants = locales.Select((l, i) => (object)new
        {
            role = i == 0 ? "primary" : "cosigner", name = "Person " + l, locale = l, invite = Contact("email", emails[i]),
            otp = Contact("sms", NewPhone()),
        }).ToArray();

        var session = await StartAsync(agent, participants);

        Assert.Equal(locales, session["participants"]!.AsArray().Select(p => Text(p!["locale"])));
        var invitations = new List<string>();
        foreach (var email in emails)
        {
            var message = Assert.Single(await app.WaitForMessagesAsync(email));
            invitations.Add(message.Subject + "\n" + message.Text);
        }
        Assert.Equal(10, invitations.Distinct().Count());
        Assert.Contains("dir=\"rtl\"", app.MessagesTo(emails[^1])[0].Html!, StringComparison.Ordinal);
    }
}
