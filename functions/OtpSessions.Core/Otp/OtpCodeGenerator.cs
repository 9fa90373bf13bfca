using System.Security.Cryptography;

namespace OtpSessions.Core.Otp;

/// <summary>
/// Codes from the operating system's CSPRNG (<see cref="RandomNumberGenerator.GetInt32(int)"/>, which rejects
/// out-of-range samples and so has no modulo bias). Lengths above 9 digits are built from independent uniform
/// chunks of at most 9 digits each, which is still uniform over 10^length.
/// </summary>
public sealed class OtpCodeGenerator : IOtpCodeGenerator
{
    public const int MinLength = 1;
    public const int MaxLength = 18;

    private const int MaxChunkDigits = 9;

    private static readonly int[] PowersOfTen = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

    public string Generate(int length) => Generate(length, static exclusiveMax => RandomNumberGenerator.GetInt32(exclusiveMax));

    /// <summary>The generation with its randomness injected: <paramref name="nextBelow"/>(n) must return a value in [0, n).</summary>
    internal static string Generate(int length, Func<int, int> nextBelow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, MinLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxLength);
        return string.Create(length, nextBelow, static (digits, next) =>
        {
            while (!digits.IsEmpty)
            {
                var chunk = Math.Min(digits.Length, MaxChunkDigits);
                var value = next(PowersOfTen[chunk]);
                for (var i = chunk - 1; i >= 0; i--)
                {
                    digits[i] = (char)('0' + (value % 10));
                    value /= 10;
                }
                digits = digits[chunk..];
            }
        });
    }

    /// <summary>Whether <paramref name="candidate"/> looks like a code of <paramref name="length"/> digits (ASCII only).</summary>
    public static bool IsWellFormed(string? candidate, int length) =>
        candidate is not null && candidate.Length == length && candidate.All(char.IsAsciiDigit);
}
