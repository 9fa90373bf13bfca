using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace OtpSessions.Core.Messaging;

/// <summary>
/// The translations of the customer's messages: one JSON file per language (<c>Messaging/Texts/&lt;lang&gt;.json</c>,
/// embedded in the assembly, read once), keys to texts with <c>{name}</c> placeholders; plural texts under
/// <c>key.&lt;category&gt;</c> (<see cref="Plurals"/>).
/// </summary>
public static partial class MessageTexts
{
    private static readonly FrozenDictionary<Locale, FrozenDictionary<string, string>> ByLocale =
        Locales.All.ToFrozenDictionary(l => l, Load);

    public static IReadOnlyDictionary<string, string> Of(Locale locale) => ByLocale[locale];

    /// <summary>The text of <paramref name="key"/> with its placeholders filled in one pass (a value is never read as a placeholder).</summary>
    public static string Format(Locale locale, string key, params (string Name, string Value)[] values)
    {
        var text = ByLocale[locale][key];
        return Placeholder().Replace(text, m => values.FirstOrDefault(v => v.Name == m.Groups[1].Value) is { Name: not null } v ? v.Value : m.Value);
    }

    /// <summary>The plural text of <paramref name="key"/> for <paramref name="count"/>, the number filled in as <c>{count}</c>.</summary>
    public static string Plural(Locale locale, string key, int count) =>
        Format(locale, key + "." + Plurals.Category(locale, count), ("count", count.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static FrozenDictionary<string, string> Load(Locale locale)
    {
        var name = $"Messaging.Texts.{locale.ToWire()}.json";
        using var stream = typeof(MessageTexts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The translations {name} are not embedded.");
        return (JsonSerializer.Deserialize<Dictionary<string, string>>(stream)
            ?? throw new InvalidOperationException($"The translations {name} are empty.")).ToFrozenDictionary();
    }

    [GeneratedRegex(@"\{(\w+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
