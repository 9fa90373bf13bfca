using System.Text.RegularExpressions;

namespace OtpSessions.Core.Events;

/// <summary>
/// The last safety net before an event leaves the app: event <c>data</c> must be a JSON object with no property named
/// like a secret (<c>code</c>, <c>otpCode</c>, <c>verificationCode</c>, <c>password</c>, <c>secret</c>, <c>pin</c>, anything ending in <c>token</c> such as
/// <c>accessToken</c>/<c>inviteToken</c>) and no unmasked phone number (E.164, <c>+…</c>) or email address in any string.
/// A refused event is never published. The answer names the property path, never the value.
/// </summary>
public static partial class EventDataGuard
{
    private static readonly HashSet<string> SecretNames = ["code", "otpcode", "verificationcode", "password", "secret", "pin"];

    /// <summary>Why <paramref name="dataJson"/> must not be published, or null when it may be.</summary>
    public static string? FindViolation(string? dataJson)
    {
        if (string.IsNullOrWhiteSpace(dataJson))
        {
            return "data is empty";
        }
        try
        {
            using var document = JsonDocument.Parse(dataJson);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? Check(document.RootElement, "data")
                : "data is not a JSON object";
        }
        catch (JsonException)
        {
            return "data is not valid JSON";
        }
    }

    /// <summary>A property name that must never carry a value in an event.</summary>
    public static bool IsSecretName(string name)
    {
        var normalized = name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        return SecretNames.Contains(normalized) || normalized.EndsWith("token", StringComparison.Ordinal);
    }

    /// <summary>Whether <paramref name="text"/> contains an unmasked E.164 phone number or email address.</summary>
    public static bool ContainsUnmaskedAddress(string text) =>
        text.Contains('@', StringComparison.Ordinal) && Email().IsMatch(text)
        || text.Contains('+', StringComparison.Ordinal) && Phone().Matches(text).Any(m => m.Value.Count(char.IsAsciiDigit) is >= 7 and <= 15);

    /// <summary>
    /// <paramref name="text"/> with every phone number and email address inside it masked (<c>crm:dana@example.com</c> →
    /// <c>crm:d***@example.com</c>): the same matches <see cref="ContainsUnmaskedAddress"/> finds, so the result passes the guard.
    /// </summary>
    public static string MaskAddresses(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!ContainsUnmaskedAddress(text))
        {
            return text;
        }
        var masked = Email().Replace(text, m => AddressMasking.MaskEmail(m.Value));
        return Phone().Replace(masked, m => m.Value.Count(char.IsAsciiDigit) is >= 7 and <= 15
            ? AddressMasking.MaskPhone("+" + string.Concat(m.Value.Where(char.IsAsciiDigit)))
            : m.Value);
    }

    private static string? Check(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var propertyPath = path + "." + property.Name;
                    if (IsSecretName(property.Name) && property.Value.ValueKind != JsonValueKind.Null)
                    {
                        return $"property '{propertyPath}' is named like a secret";
                    }
                    if (Check(property.Value, propertyPath) is { } violation)
                    {
                        return violation;
                    }
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Check(item, $"{path}[{index++}]") is { } violation)
                    {
                        return violation;
                    }
                }
                return null;
            case JsonValueKind.String:
                return ContainsUnmaskedAddress(element.GetString()!) ? $"'{path}' holds an unmasked phone number or email address" : null;
            default:
                return null;
        }
    }

    // Masked forms keep '*' next to the '@' (d***@example.com) and inside the digits (+1******0100), so they never match.
    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"\+[0-9][0-9 ().\-]{5,}[0-9]", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();
}
