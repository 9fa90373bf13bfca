using System.Text;
using OtpSessions.Core.Evidence;
using OtpSessions.Infrastructure.Evidence;
using PdfSharp.Pdf.IO;

namespace OtpSessions.Infrastructure.Tests.Evidence;

/// <summary>
/// The PDF certificate renders any stored name with the embedded fonts only: a name in a script PDFsharp cannot shape
/// (Arabic) is printed as stored rather than failing the certificate, and a long trail flows onto further pages.
/// </summary>
public sealed class PdfEvidenceCertificateTests
{
    private static SignedEvidence Record(string name, int entries)
    {
        var events = string.Join(",", Enumerable.Range(0, entries).Select(i =>
            "{\"type\":\"otp.wrong_attempt\",\"time\":\"2030-03-04T09:00:" + (i % 60).ToString("D2", System.Globalization.CultureInfo.InvariantCulture)
            + "Z\",\"id\":\"e" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)
            + "\",\"actor\":\"p_1\",\"data\":{\"failedAttempts\":" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}"));
        var payload = $$"""
            {"iss":"otp-sessions","asOf":"2030-03-04T09:01:00Z","sessionId":"s_1","reference":null,"agentId":"agent-7","team":"retail","status":"active",
             "createdAt":"2030-03-04T09:00:00Z","expiresAt":"2030-04-03T09:00:00Z","closedAt":null,"policy":{},
             "participants":[{"participantId":"p_1","role":"primary","name":"{{name}}","invite":{"channel":"sms","address":"+1******0100"},"otp":null,
               "otpMode":"manual","status":"awaiting_otp","lockedUntil":null,"failedAttempts":1,"lockouts":0,"banned":false,"authenticatedAt":null,"method":null,
               "replaces":null,"replacedBy":null,"invitation":{"attempt":1,"status":"sent","sentAt":null,"providerMessageId":"m-1"},
               "otpDelivery":{"status":"none","send":0,"sentAt":null,"providerMessageId":null},"events":[{{events}}]}],
             "events":[]}
            """;
        return new SignedEvidence("s_1", Encoding.UTF8.GetBytes(payload), "h.p.s");
    }

    [Theory]
    [InlineData("Dana Cole", 1)]
    [InlineData("سارة العلي", 1)]
    [InlineData("Zoë Ødegård-Łukasik", 200)]
    public void Any_stored_name_renders_with_the_embedded_fonts(string name, int entries)
    {
        var pdf = new PdfEvidenceCertificate().Render(Record(name, entries));

        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        using var stream = new MemoryStream(pdf);
        using var document = PdfReader.Open(stream, PdfDocumentOpenMode.Import);
        // The cover, then the participant's page and, for a long trail, the pages it flows onto.
        if (entries > 100)
        {
            Assert.True(document.PageCount > 2, $"{document.PageCount} pages");
        }
        else
        {
            Assert.Equal(2, document.PageCount);
        }
    }
}
