using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using OtpSessions.Core.Common;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Messaging.Tests;

/// <summary>The ten languages of the customer's messages: complete translations, distinct texts, and SMS within budget.</summary>
public sealed partial class MessageTranslationsTests
{
    private const string Organisation = "Contoso Bank";
    private const string BaseUrl = "https://join.contoso.example";

    // The worst case the budgets hold for (docs/languages.md): an organisation name of 30 characters, a Web__BaseUrl of
    // 40, the longest code (10 digits), an invite token of 60 characters (its real length) and a report token of 22.
    private const string LongOrganisation = "Contoso Bank Financial Service";
    private const string LongBaseUrl = "https://secure-join.contoso-bank.example";
    private const string LongestCode = "4829135760";
    // Before the links that use it (static fields initialise in order).
    private static readonly string ReportToken = TokenFactory.FromMasterKey(
            new OtpMasterKey(Options.Create(new OtpKeyOptions { EncryptionKey = Convert.ToBase64String(new byte[32]) })))
        .ReportToken(SessionIds.NewSessionId(), SessionIds.NewParticipantId(), Channel.Sms, null);

    private static readonly string InviteLink = Link(BaseUrl);
    private static readonly string NotMeLink = NotMe(BaseUrl);

    /// <summary>The SMS of every language but Arabic are written in the GSM 7-bit alphabet (a UCS-2 segment holds less than half).</summary>
    private static readonly Locale[] Gsm7Languages = [.. Locales.All.Where(l => l != Locale.Ar)];

    public static TheoryData<Locale> AllLocales() => [.. Locales.All];

    [Fact]
    public void There_are_ten_languages() =>
        Assert.Equal(["en", "es", "fr", "de", "it", "pt", "nl", "pl", "tr", "ar"], Locales.All.Select(l => l.ToWire()));

    [Theory]
    [MemberData(nameof(AllLocales))]
    public void Every_key_exists_in_every_language_with_the_same_placeholders(Locale locale)
    {
        var english = MessageTexts.Of(Locale.En);
        var texts = MessageTexts.Of(locale);

        Assert.Equal(Plain(english.Keys), Plain(texts.Keys));
        foreach (var key in Plain(english.Keys))
        {
            Assert.False(string.IsNullOrWhiteSpace(texts[key]), $"{locale.ToWire()}: {key} is empty");
            Assert.True(Placeholders(english[key]).SetEquals(Placeholders(texts[key])), $"{locale.ToWire()}: {key} has other placeholders than English");
        }
        foreach (var pluralKey in english.Keys.Where(k => k.Contains('.', StringComparison.Ordinal)).Select(k => k[..k.IndexOf('.', StringComparison.Ordinal)]).Distinct())
        {
            foreach (var category in Plurals.CategoriesOf(locale))
            {
                Assert.True(texts.ContainsKey($"{pluralKey}.{category}"), $"{locale.ToWire()}: {pluralKey}.{category} is missing");
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllLocales))]
    public void Every_invitation_and_code_message_carries_the_not_me_link(Locale locale)
    {
        var templates = Templates(Organisation);
        var invitationEmail = templates.InvitationEmail(InviteLink, "Dana", locale, NotMeLink);
        var codeEmail = templates.CodeEmail("482913", TimeSpan.FromMinutes(10), locale, NotMeLink);

        Assert.Contains(NotMeLink, templates.InvitationSms(InviteLink, locale, NotMeLink), StringComparison.Ordinal);
        Assert.Contains(NotMeLink + "\n\n@join.contoso.example #482913", templates.CodeSms("482913", TimeSpan.FromMinutes(10), locale, NotMeLink), StringComparison.Ordinal);
        Assert.All(new[] { invitationEmail, codeEmail }, email =>
        {
            Assert.Contains(NotMeLink, email.PlainText, StringComparison.Ordinal);
            Assert.Contains($"href=\"{NotMeLink}\"", email.Html, StringComparison.Ordinal);
            Assert.DoesNotContain(NotMeLink, email.Subject, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void The_ten_languages_give_ten_distinct_texts_of_every_message()
    {
        var templates = Templates(Organisation);
        var all = Locales.All.Select(l => new
        {
            InvitationSms = templates.InvitationSms(InviteLink, l, NotMeLink),
            CodeSms = templates.CodeSms("482913", TimeSpan.FromMinutes(10), l, NotMeLink),
            InvitationEmail = templates.InvitationEmail(InviteLink, "Dana", l, NotMeLink),
            CodeEmail = templates.CodeEmail("482913", TimeSpan.FromMinutes(10), l, NotMeLink),
        }).ToList();

        Assert.Equal(10, all.Select(m => m.InvitationSms).Distinct().Count());
        Assert.Equal(10, all.Select(m => m.CodeSms).Distinct().Count());
        Assert.Equal(10, all.Select(m => m.InvitationEmail.Subject).Distinct().Count());
        Assert.Equal(10, all.Select(m => m.InvitationEmail.PlainText).Distinct().Count());
        Assert.Equal(10, all.Select(m => m.CodeEmail.Subject).Distinct().Count());
        Assert.Equal(10, all.Select(m => m.CodeEmail.PlainText).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(AllLocales))]
    public void Every_sms_stays_within_its_budget_in_the_worst_case(Locale locale)
    {
        var templates = Templates(LongOrganisation, LongBaseUrl);
        var (link, notMe, host) = (Link(LongBaseUrl), NotMe(LongBaseUrl), new Uri(LongBaseUrl).Host);
        Assert.Equal(30, LongOrganisation.Length);
        Assert.Equal(40, LongBaseUrl.Length);

        var invitation = templates.InvitationSms(link, locale, notMe);
        var code = templates.CodeSms(LongestCode, TimeSpan.FromMinutes(10), locale, notMe);

        var gsm7 = Gsm7Languages.Contains(locale);
        Assert.Equal(gsm7, SmsText.IsGsm7(code));
        Assert.True(SmsText.Segments(invitation) <= (SmsText.IsGsm7(invitation) ? 3 : 4), $"{SmsText.Segments(invitation)} segments: {invitation}");
        Assert.True(SmsText.Segments(code) <= (gsm7 ? 2 : 3), $"{SmsText.Segments(code)} segments: {code}");
        Assert.Contains(link, invitation, StringComparison.Ordinal);
        Assert.Contains(notMe, invitation, StringComparison.Ordinal);
        Assert.EndsWith($"{notMe}\n\n@{host} #{LongestCode}", code, StringComparison.Ordinal);
        Assert.Contains(LongestCode, code[..^$"@{host} #{LongestCode}".Length], StringComparison.Ordinal);
        Assert.Contains(LongOrganisation, code, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllLocales))]
    public void With_a_usual_organisation_name_every_sms_takes_the_full_wording_within_budget(Locale locale)
    {
        var templates = Templates(Organisation);
        var texts = MessageTexts.Of(locale);

        var invitation = templates.InvitationSms(InviteLink, locale, NotMeLink);
        var code = templates.CodeSms("482913", TimeSpan.FromMinutes(10), locale, NotMeLink);

        Assert.StartsWith(MessageTexts.Format(locale, "invitationSms", ("organisation", Organisation), ("link", InviteLink)), invitation, StringComparison.Ordinal);
        Assert.StartsWith(MessageTexts.Format(locale, "codeSms", ("code", "482913"), ("organisation", Organisation),
            ("minutes", MessageTexts.Plural(locale, "minutes", 10))), code, StringComparison.Ordinal);
        Assert.True(SmsBudget.InvitationFits(invitation) && SmsBudget.CodeFits(code));
        Assert.NotEqual(texts["invitationSms"], texts["invitationSmsShort"]);
    }

    [Theory]
    [InlineData(Locale.Fr, "ltr")]
    [InlineData(Locale.De, "ltr")]
    [InlineData(Locale.Ar, "rtl")]
    public void Html_emails_carry_the_language_and_its_direction(Locale locale, string direction)
    {
        var templates = Templates(Organisation);

        foreach (var email in new[] { templates.InvitationEmail(InviteLink, "Dana", locale, NotMeLink), templates.CodeEmail("482913", TimeSpan.FromMinutes(5), locale, NotMeLink) })
        {
            Assert.Contains($"<html lang=\"{locale.ToWire()}\" dir=\"{direction}\">", email.Html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void French_messages_are_french()
    {
        var templates = Templates(Organisation);

        var code = templates.CodeSms("482913", TimeSpan.FromMinutes(10), Locale.Fr);
        var email = templates.InvitationEmail(InviteLink, "Claire", Locale.Fr, NotMeLink);

        Assert.StartsWith("482913 est votre code de vérification Contoso Bank. Il expire dans 10 minutes.", code, StringComparison.Ordinal);
        Assert.Equal("Contoso Bank : invitation à une session sécurisée", email.Subject);
        Assert.Contains("Bonjour Claire,", email.PlainText, StringComparison.Ordinal);
        Assert.Contains("Vous n’attendiez pas ce message ? Signalez-le ici :\n" + NotMeLink, email.PlainText, StringComparison.Ordinal);
        Assert.Contains($"href=\"{NotMeLink}\"", email.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Locale.Pl, 1, "1 minutę")]
    [InlineData(Locale.Pl, 3, "3 minuty")]
    [InlineData(Locale.Pl, 5, "5 minut")]
    [InlineData(Locale.Pl, 12, "12 minut")]
    [InlineData(Locale.Pl, 22, "22 minuty")]
    [InlineData(Locale.Ar, 1, "دقيقة واحدة")]
    [InlineData(Locale.Ar, 2, "دقيقتين")]
    [InlineData(Locale.Ar, 5, "5 دقائق")]
    [InlineData(Locale.Ar, 15, "15 دقيقة")]
    [InlineData(Locale.Fr, 1, "1 minute")]
    [InlineData(Locale.De, 10, "10 Minuten")]
    public void Minutes_take_the_plural_form_of_the_language(Locale locale, int minutes, string expected) =>
        Assert.Contains(expected, Templates(Organisation).CodeEmail("482913", TimeSpan.FromMinutes(minutes), locale).PlainText, StringComparison.Ordinal);

    [Fact]
    public void A_placeholder_written_in_a_value_is_not_filled_again()
    {
        var text = Templates("{link}").InvitationSms(InviteLink, Locale.En);

        Assert.StartsWith("{link}: you are invited to a secure session.", text, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(text, Regex.Escape(InviteLink)));
    }

    private static SortedSet<string> Plain(IEnumerable<string> keys) => new(keys.Where(k => !k.Contains('.', StringComparison.Ordinal)), StringComparer.Ordinal);

    private static HashSet<string> Placeholders(string text) => [.. PlaceholderPattern().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\{\w+\}")]
    private static partial Regex PlaceholderPattern();

    private static string Link(string baseUrl) => new InvitationLinkOptions { BaseUrl = baseUrl }.LinkFor(new string('T', 60));

    /// <summary>A real "not me" link: a report token as the token factory makes it, in the link the options make.</summary>
    private static string NotMe(string baseUrl) => new InvitationLinkOptions { BaseUrl = baseUrl }.NotMeLinkFor(ReportToken)!;

    [Fact]
    public void The_budgets_are_checked_with_a_report_token_of_its_real_length()
    {
        Assert.Equal(22, ReportToken.Length);
        Assert.Equal(BaseUrl + "/not-me#" + ReportToken, NotMeLink);
    }

    private static MessageTemplates Templates(string organisation, string baseUrl = BaseUrl) =>
        new(Options.Create(new MessagingOptions { OrganisationName = organisation }),
            Options.Create(new InvitationLinkOptions { BaseUrl = baseUrl }));
}
