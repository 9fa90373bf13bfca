using System.Collections.Concurrent;

namespace OtpSessions.Core.Common;

/// <summary>
/// The one naming rule for enum values on the wire and in table rows: lowercase, snake_case for several words
/// (<c>Sms → sms</c>, <c>AwaitingOtp → awaiting_otp</c>). JSON uses the same rule (<see cref="SessionJson"/>).
/// </summary>
public static class WireNames
{
    public static readonly JsonNamingPolicy Policy = JsonNamingPolicy.SnakeCaseLower;

    private static readonly ConcurrentDictionary<Enum, string> Names = new();

    public static string ToWire<TEnum>(this TEnum value) where TEnum : struct, Enum =>
        Names.GetOrAdd(value, static v => Policy.ConvertName(v.ToString()));

    public static bool TryParse<TEnum>(string? wire, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(candidate.ToWire(), wire, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    public static TEnum Parse<TEnum>(string? wire) where TEnum : struct, Enum =>
        TryParse<TEnum>(wire, out var value)
            ? value
            : throw new FormatException($"'{wire}' is not a {typeof(TEnum).Name} value.");
}
