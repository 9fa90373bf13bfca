using Microsoft.Extensions.Options;
using OtpSessions.Core.Common;
using OtpSessions.Core.Messaging;

namespace OtpSessions.Messaging.Tests;

public sealed class MessageTemplatesTests
{
    private const string Link = "http://localhost:5173/join#3q2-7wGmZx8yJ0kTn4Qe1w_cVb9LpR5sHdUaY6iOtE";

    [Fact]
    public void Invitation_sms_names_the_organisation_carries_the_link_and_fits_one_gsm_segment()
    {
        var text = Templates("Contoso Bank").InvitationSms(Link);

        Assert.StartsWith("Contoso Bank", text, StringComparison.Ordinal);
        Assert.EndsWith(Link, text, StringComparison.Ordinal);
        Assert.True(SmsText.IsGsm7(text));
        Assert.Equal(1, SmsText.Segments(text));
    }

    [Fact]
    public void Code_sms_leads_with_the_code_and_says_how_long_it_is_valid_in_one_segment()
    {
        var text = Templates("Contoso Bank (local)").CodeSms("482913", TimeSpan.FromMinutes(10));

        Assert.StartsWith("482913 is your Contoso Bank (local) verification code.", text, StringComparison.Ordinal);
        Assert.Contains("10 minutes", text, StringComparison.Ordinal);
        Assert.Equal(1, SmsText.Segments(text));
    }

    [Fact]
    public void A_long_organisation_name_with_a_not_me_link_takes_the_short_wording_when_the_full_one_passes_the_budget()
    {
        var organisation = new string('A', 60);
        var notMe = "http://localhost:5173/not-me#" + new string('r', 22);

        var full = Templates(organisation).CodeSms("482913", TimeSpan.FromSeconds(90), Locale.En, notMe);
        var shortened = Templates(organisation).CodeSms("482913", TimeSpan.FromSeconds(90), Locale.Ar, notMe);

        Assert.StartsWith("482913 is your " + organisation + " verification code.", full, StringComparison.Ordinal);
        Assert.Contains("2 minutes", full, StringComparison.Ordinal);
        Assert.Contains("رمزك من", shortened, StringComparison.Ordinal);
        Assert.DoesNotContain("رمز التحقق", shortened, StringComparison.Ordinal);
        Assert.True(SmsBudget.CodeFits(shortened), shortened);
        Assert.EndsWith("\n" + "ليست لك؟ " + notMe + "\n\n@localhost #482913", shortened, StringComparison.Ordinal);
    }

    [Fact]
    public void Code_email_has_the_code_in_text_and_html_but_not_in_the_subject()
    {
        var email = Templates("Contoso Bank").CodeEmail("482913", TimeSpan.FromMinutes(1));

        Assert.Equal("Your Contoso Bank verification code", email.Subject);
        Assert.Contains("482913", email.PlainText, StringComparison.Ordinal);
        Assert.Contains("482913", email.Html, StringComparison.Ordinal);
        Assert.Contains("1 minute.", email.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public void Invitation_email_greets_by_name_links_in_both_forms_and_encodes_html()
    {
        var email = Templates("Lee & <Co>").InvitationEmail(Link, "Dana \"D\" Cole");

        Assert.Contains("Hello Dana \"D\" Cole,", email.PlainText, StringComparison.Ordinal);
        Assert.Contains(Link, email.PlainText, StringComparison.Ordinal);
        Assert.Contains("Lee &amp; &lt;Co&gt;", email.Html, StringComparison.Ordinal);
        Assert.Contains("Dana &quot;D&quot; Cole", email.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{Link}\"", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<Co>", email.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("/join#token")]
    [InlineData(" ")]
    public void An_invitation_link_must_be_an_absolute_web_url(string link)
    {
        Assert.Throws<ArgumentException>(() => Templates("Contoso").InvitationSms(link));
        Assert.Throws<ArgumentException>(() => Templates("Contoso").InvitationEmail(link, null));
    }

    [Theory]
    [InlineData(160, "a", 1)]
    [InlineData(161, "a", 2)]
    [InlineData(306, "a", 2)]
    [InlineData(307, "a", 3)]
    [InlineData(80, "€", 1)]
    [InlineData(81, "€", 2)]
    [InlineData(70, "ж", 1)]
    [InlineData(71, "ж", 2)]
    public void Sms_segments_follow_the_gsm_and_ucs2_limits(int count, string character, int segments) =>
        Assert.Equal(segments, SmsText.Segments(string.Concat(Enumerable.Repeat(character, count))));

    [Fact]
    public void A_code_sms_ends_with_the_webotp_line_bound_to_the_join_pages_host()
    {
        var text = Templates("Contoso Bank").CodeSms("482913", TimeSpan.FromMinutes(10));

        Assert.EndsWith("\n\n@localhost #482913", text, StringComparison.Ordinal);
        Assert.Equal(1, SmsText.Segments(text));
    }

    [Fact]
    public void Spanish_messages_are_spanish_and_the_sms_stay_in_one_gsm_segment()
    {
        var templates = Templates("Contoso Bank");

        var invitation = templates.InvitationSms(Link, Locale.Es);
        var code = templates.CodeSms("482913", TimeSpan.FromMinutes(10), Locale.Es);
        var invitationEmail = templates.InvitationEmail(Link, "Ana", Locale.Es);
        var codeEmail = templates.CodeEmail("482913", TimeSpan.FromMinutes(1), Locale.Es);

        Assert.Contains("le invitamos a una sesion segura", invitation, StringComparison.Ordinal);
        Assert.StartsWith("482913 es su codigo de verificacion de Contoso Bank. Caduca en 10 minutos.", code, StringComparison.Ordinal);
        Assert.EndsWith("@localhost #482913", code, StringComparison.Ordinal);
        Assert.All(new[] { invitation, code }, t => Assert.True(SmsText.IsGsm7(t) && SmsText.Segments(t) == 1, t));
        Assert.Equal("Contoso Bank: le invitamos a una sesión segura", invitationEmail.Subject);
        Assert.Contains("Hola Ana,", invitationEmail.PlainText, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"es\" dir=\"ltr\">", invitationEmail.Html, StringComparison.Ordinal);
        Assert.Equal("Su código de verificación de Contoso Bank", codeEmail.Subject);
        Assert.Contains("Caduca en 1 minuto.", codeEmail.PlainText, StringComparison.Ordinal);
    }

    private static MessageTemplates Templates(string organisation) =>
        new(Options.Create(new MessagingOptions { OrganisationName = organisation }),
            Options.Create(new InvitationLinkOptions { BaseUrl = "http://localhost:5173" }));
}
