using System.Globalization;
using System.Security.Cryptography;

namespace OtpSessions.Testing;

/// <summary>Phone numbers for tests that no other test uses, each valid by its country's numbering plan.</summary>
public static class TestPhones
{
    /// <summary>
    /// A French mobile number: +33 61 then seven random digits. Not any +33 6 number: the French plan leaves parts of
    /// the 6 range unassigned (63 9…, 69 0…), which the app rightly refuses as not a valid number.
    /// </summary>
    public static string NewFrenchMobile() => "+3361" + RandomNumberGenerator.GetInt32(1_000_000, 10_000_000).ToString(CultureInfo.InvariantCulture);
}
