using System.Globalization;
using System.Text;

namespace OtpSessions.Infrastructure.Sessions;

/// <summary>
/// Makes any text safe as a PartitionKey/RowKey: the characters Table Storage forbids in keys (<c>/ \ # ?</c>, control
/// characters) and <c>%</c> itself are percent-encoded; everything else stays readable. Keys are limited to 1 KiB.
/// </summary>
public static class TableKeys
{
    public const int MaxKeyLength = 1024;

    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Any(NeedsEscape))
        {
            return value;
        }
        var builder = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            if (NeedsEscape(c))
            {
                foreach (var b in Encoding.UTF8.GetBytes(c.ToString()))
                {
                    builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    private static bool NeedsEscape(char c) => c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c);
}
