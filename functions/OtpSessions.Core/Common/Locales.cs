using System.Collections.Frozen;
using System.Text.RegularExpressions;
using PhoneNumbers;

namespace OtpSessions.Core.Common;

/// <summary>
/// The language rules: which <see cref="Locale"/> a request's language tag names (a regional tag falls back to its
/// language: <c>pt-BR</c> → <c>pt</c>), which one a phone number's country speaks when no tag is given (the one table,
/// documented in docs/languages.md), and which are written right to left.
/// </summary>
public static partial class Locales
{
    public static readonly IReadOnlyList<Locale> All = Enum.GetValues<Locale>();

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>Country calling code → the main language of that country, where it is one we speak; any other → English.</summary>
    private static readonly FrozenDictionary<int, Locale> ByCallingCode = new Dictionary<int, Locale>
    {
        [1] = Locale.En,
        // Spanish: Spain and Latin America
        [34] = Locale.Es, [52] = Locale.Es, [54] = Locale.Es, [56] = Locale.Es, [57] = Locale.Es, [51] = Locale.Es,
        [58] = Locale.Es, [593] = Locale.Es, [591] = Locale.Es, [595] = Locale.Es, [598] = Locale.Es, [502] = Locale.Es,
        [503] = Locale.Es, [504] = Locale.Es, [505] = Locale.Es, [506] = Locale.Es, [507] = Locale.Es, [53] = Locale.Es,
        // French
        [33] = Locale.Fr, [377] = Locale.Fr,
        // German
        [49] = Locale.De, [43] = Locale.De, [41] = Locale.De, [423] = Locale.De,
        // Italian
        [39] = Locale.It, [378] = Locale.It,
        // Portuguese
        [351] = Locale.Pt, [55] = Locale.Pt, [244] = Locale.Pt, [258] = Locale.Pt, [238] = Locale.Pt,
        // Dutch (Belgium by the contract)
        [31] = Locale.Nl, [32] = Locale.Nl, [597] = Locale.Nl,
        // Polish, Turkish
        [48] = Locale.Pl,
        [90] = Locale.Tr,
        // Arabic
        [20] = Locale.Ar, [212] = Locale.Ar, [213] = Locale.Ar, [216] = Locale.Ar, [218] = Locale.Ar, [249] = Locale.Ar,
        [961] = Locale.Ar, [962] = Locale.Ar, [963] = Locale.Ar, [964] = Locale.Ar, [965] = Locale.Ar, [966] = Locale.Ar,
        [967] = Locale.Ar, [968] = Locale.Ar, [971] = Locale.Ar, [973] = Locale.Ar, [974] = Locale.Ar,
    }.ToFrozenDictionary();

    /// <summary>The table itself (docs/languages.md lists the same; a test compares them).</summary>
    public static IReadOnlyDictionary<int, Locale> CallingCodeTable => ByCallingCode;

    /// <summary>
    /// The locale a BCP 47 tag names by its primary language subtag, case-insensitive (<c>pt-BR</c> → <c>pt</c>,
    /// <c>FR</c> → <c>fr</c>). False for a malformed tag or a language we do not speak.
    /// </summary>
    public static bool TryParse(string? tag, out Locale locale)
    {
        locale = Locale.En;
        if (tag is null || !TagShape().IsMatch(tag))
        {
            return false;
        }
        var language = tag.Split('-')[0].ToLowerInvariant();
        return WireNames.TryParse(language, out locale);
    }

    /// <summary>The language of a phone number's country (a valid E.164 number), else English.</summary>
    public static Locale ForPhone(string e164)
    {
        try
        {
            return ByCallingCode.GetValueOrDefault(Phones.Parse(e164, null).CountryCode, Locale.En);
        }
        catch (NumberParseException)
        {
            return Locale.En;
        }
    }

    public static bool IsRightToLeft(this Locale locale) => locale == Locale.Ar;

    // language (2–3 letters), then subtags of 1–8 letters or digits: "pt", "pt-BR", "zh-Hant-TW", "es-419".
    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,5}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagShape();
}
