using System.Text.RegularExpressions;
using OtpSessions.Core.Common;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;
using OtpSessions.Testing;

namespace OtpSessions.Core.Tests.Common;

/// <summary>Which language a participant gets: the tag given (regional tags fall back), else the phone's country.</summary>
public sealed partial class LocalesTests
{
    private static readonly ContactInput Email = new(Channel.Email, "claire@example.com");

    [Theory]
    [InlineData("fr", Locale.Fr)]
    [InlineData("pt-BR", Locale.Pt)]
    [InlineData("PT-br", Locale.Pt)]
    [InlineData("es-419", Locale.Es)]
    [InlineData("ar-SA", Locale.Ar)]
    [InlineData("zh-Hant-TW", null)]
    [InlineData("ja", null)]
    [InlineData("pt_BR", null)]
    [InlineData("", null)]
    [InlineData("e", null)]
    [InlineData("english", null)]
    [InlineData("en-", null)]
    public void A_tag_names_its_base_language_when_we_speak_it(string tag, Locale? expected)
    {
        var parsed = Locales.TryParse(tag, out var locale);

        Assert.Equal(expected is not null, parsed);
        if (expected is not null)
        {
            Assert.Equal(expected, locale);
        }
    }

    [Theory]
    [InlineData("+33612345678", Locale.Fr)]
    [InlineData("+4915123456789", Locale.De)]
    [InlineData("+5215512345678", Locale.Es)]
    [InlineData("+34612345678", Locale.Es)]
    [InlineData("+351912345678", Locale.Pt)]
    [InlineData("+5511912345678", Locale.Pt)]
    [InlineData("+32470123456", Locale.Nl)]
    [InlineData("+48512345678", Locale.Pl)]
    [InlineData("+905012345678", Locale.Tr)]
    [InlineData("+966501234567", Locale.Ar)]
    [InlineData("+393123456789", Locale.It)]
    [InlineData("+14155550100", Locale.En)]
    [InlineData("+447911123456", Locale.En)]
    [InlineData("+81901234567", Locale.En)]
    public void A_phone_number_gives_the_language_of_its_country(string phone, Locale expected) =>
        Assert.Equal(expected, Locales.ForPhone(phone));

    [Fact]
    public void Only_arabic_is_right_to_left() =>
        Assert.Equal([Locale.Ar], Locales.All.Where(l => l.IsRightToLeft()));

    [Theory]
    [InlineData("invite")]
    [InlineData("otp")]
    public void Without_a_locale_the_sms_address_picks_the_language(string field)
    {
        var sms = new ContactInput(Channel.Sms, "+33612345678");
        var input = field == "invite"
            ? new ParticipantInput(ParticipantRole.Primary, "Claire", sms, Email)
            : new ParticipantInput(ParticipantRole.Primary, "Claire", Email, sms);

        var participants = SessionRules.ValidateStart(new StartSessionInput([input], null), new OtpPolicy()).Value.Participants;

        Assert.Equal(Locale.Fr, participants[0].Locale);
    }

    [Fact]
    public void Without_a_locale_or_an_sms_address_the_language_is_english()
    {
        var input = new ParticipantInput(ParticipantRole.Primary, "Claire", Email, null);

        var participants = SessionRules.ValidateStart(new StartSessionInput([input], null), new OtpPolicy { RequireOtpChannel = false }).Value.Participants;

        Assert.Equal(Locale.En, participants[0].Locale);
    }

    [Theory]
    [InlineData("de", Locale.De)]
    [InlineData("pt-BR", Locale.Pt)]
    public void A_given_locale_wins_over_the_phones_country(string tag, Locale expected)
    {
        var input = new ReplacementInput("Claire", new ContactInput(Channel.Sms, "+33612345678"), Email, tag);

        var outcome = SessionRules.ValidateReplacement(input, ParticipantRole.Primary, new OtpPolicy());

        Assert.Equal(expected, outcome.Value!.Locale);
    }

    [Theory]
    [InlineData("ja")]
    [InlineData("pt_BR")]
    [InlineData("")]
    public void A_language_we_do_not_speak_is_locale_not_supported_on_its_field(string tag)
    {
        var input = new ParticipantInput(ParticipantRole.Cosigner, "Claire", new ContactInput(Channel.Sms, "+33612345678"), Email, tag);

        var outcome = SessionRules.ValidateAddition(input, new OtpPolicy(), 0);

        Assert.Equal(ErrorCodes.LocaleNotSupported, outcome.Failure?.Code);
        Assert.Equal(["locale"], outcome.Failure!.Errors!.Keys);
    }

    [Fact]
    public void The_languages_page_lists_the_calling_code_table_of_the_code()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "languages.md"));
        var documented = new SortedDictionary<int, string>();
        foreach (Match row in TableRow().Matches(page))
        {
            foreach (Match code in CallingCode().Matches(row.Groups["codes"].Value))
            {
                documented.Add(int.Parse(code.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), row.Groups["lang"].Value);
            }
        }

        Assert.Equal(new SortedDictionary<int, string>(Locales.CallingCodeTable.ToDictionary(p => p.Key, p => p.Value.ToWire())), documented);
    }

    // "| `fr` | French | +33, +377 |" — the country table of docs/languages.md.
    [GeneratedRegex(@"^\| `(?<lang>[a-z]{2})` \| [^|]+ \| (?<codes>\+[0-9][^|]*) \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex(@"\+([0-9]+)")]
    private static partial Regex CallingCode();
}
