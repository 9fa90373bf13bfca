namespace OtpSessions.Core.Messaging;

/// <summary>
/// The plural category of a whole number in a language (CLDR rules for integers): <c>one</c>, <c>two</c>, <c>few</c>,
/// <c>many</c>, <c>zero</c> or <c>other</c>. The web client gets the same from <c>Intl.PluralRules</c>.
/// </summary>
public static class Plurals
{
    public static string Category(Locale locale, int n) => locale switch
    {
        Locale.Fr or Locale.Pt => n is 0 or 1 ? "one" : "other",
        Locale.Pl => n == 1 ? "one"
            : n % 10 is >= 2 and <= 4 && n % 100 is not (>= 12 and <= 14) ? "few"
            : "many",
        Locale.Ar => n switch
        {
            0 => "zero",
            1 => "one",
            2 => "two",
            _ when n % 100 is >= 3 and <= 10 => "few",
            _ when n % 100 is >= 11 and <= 99 => "many",
            _ => "other",
        },
        _ => n == 1 ? "one" : "other",
    };

    /// <summary>The categories a language uses for whole numbers (each needs its text in a plural key).</summary>
    public static IReadOnlySet<string> CategoriesOf(Locale locale) =>
        Enumerable.Range(0, 200).Select(n => Category(locale, n)).ToHashSet();
}
