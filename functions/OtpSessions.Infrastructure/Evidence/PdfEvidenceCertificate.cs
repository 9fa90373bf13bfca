using System.Globalization;
using OtpSessions.Core.Evidence;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace OtpSessions.Infrastructure.Evidence;

/// <summary>
/// <see cref="IEvidenceCertificate"/> with PDFsharp: a cover page (the session, its record's time, the signing and the
/// SHA-256 of the signed payload) and a page per participant (who, how and when, deliveries with the provider's message
/// ids, attempts, locks and every entry of its trail), the digest in every page's footer. Drawn from the payload itself,
/// so it says exactly what the JWS signs. PDFsharp lays out text left to right without shaping: a name in a script that
/// needs shaping (Arabic) is printed as stored, its letters unjoined (docs/evidence.md).
/// </summary>
public sealed class PdfEvidenceCertificate : IEvidenceCertificate
{
    private static readonly Lock FontGate = new();

    /// <summary>The cover's fields, in order: each a label and the record's property it shows.</summary>
    private static readonly (string Label, string Property)[] SessionFields =
    [
        ("Session", "sessionId"), ("Reference", "reference"), ("Agent", "agentId"), ("Team", "team"), ("Status", "status"),
        ("Created", "createdAt"), ("Expires", "expiresAt"), ("Closed", "closedAt"), ("Record as of", "asOf"), ("Issuer", "iss"),
    ];

    /// <summary>A participant page's fields, in order (contacts and deliveries are objects: <see cref="Value"/>).</summary>
    private static readonly (string Label, string Property)[] ParticipantFields =
    [
        ("Participant", "participantId"), ("Role", "role"), ("Invited by", "invite"), ("Codes to", "otp"), ("Status", "status"),
        ("Authenticated", "authenticatedAt"), ("Method", "method"), ("Wrong attempts", "failedAttempts"), ("Lockouts", "lockouts"),
        ("Locked until", "lockedUntil"), ("Invitation", "invitation"), ("Code delivery", "otpDelivery"), ("Replaces", "replaces"),
        ("Replaced by", "replacedBy"),
    ];

    public byte[] Render(SignedEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        UseEmbeddedFonts();
        using var record = JsonDocument.Parse(evidence.Payload);
        var root = record.RootElement;
        using var document = new PdfDocument();
        document.Info.Title = $"Authentication evidence {Text(root, "sessionId")}";
        document.Info.Creator = "otp-sessions";
        using (var cover = new PageWriter(document, evidence.PayloadSha256))
        {
            cover.Title("Authentication evidence");
            Fields(cover, root, SessionFields);
            cover.Gap();
            cover.Heading("Signature");
            cover.Line("The record is signed as a compact JWS (ES256); its signing keys are published at GET /api/evidence/keys.");
            cover.Line("SHA-256 of the signed payload bytes:");
            cover.Line(evidence.PayloadSha256, bold: true);
            cover.Gap();
            cover.Heading("Session events");
            Entries(cover, root.GetProperty("events"));
        }
        foreach (var p in root.GetProperty("participants").EnumerateArray())
        {
            using var page = new PageWriter(document, evidence.PayloadSha256);
            page.Title(Text(p, "name"));
            Fields(page, p, ParticipantFields);
            page.Gap();
            page.Heading("Trail (delivery receipts, codes requested and sent, attempts, agent code views, sign-outs)");
            Entries(page, p.GetProperty("events"));
        }
        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    private static void Entries(PageWriter page, JsonElement events)
    {
        if (events.GetArrayLength() == 0)
        {
            page.Line("(none)");
        }
        foreach (var e in events.EnumerateArray())
        {
            var details = e.GetProperty("data") is { ValueKind: JsonValueKind.Object } data
                ? string.Join(", ", data.EnumerateObject()
                    .Where(d => d.Name is not ("sessionId" or "reference" or "participantId") && d.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Object or JsonValueKind.Array))
                    .Select(d => $"{d.Name} {Scalar(d.Value)}"))
                : "";
            page.Line($"{Text(e, "time")}  {Text(e, "type")}  by {Text(e, "actor")}{(details.Length == 0 ? "" : $"  ({details})")}");
        }
    }

    private static void Fields(PageWriter page, JsonElement element, IEnumerable<(string Label, string Property)> fields)
    {
        foreach (var (label, property) in fields)
        {
            page.Field(label, Value(element, property));
        }
    }

    /// <summary>
    /// A field's text: a contact (<c>invite</c>, <c>otp</c>) as channel and masked address, a delivery as its non-null
    /// members; no <c>otp</c> contact means the agent reads the code out.
    /// </summary>
    private static string Value(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value switch
        {
            { ValueKind: JsonValueKind.Object } when value.TryGetProperty("address", out _) => $"{Text(value, "channel")} {Text(value, "address")}",
            { ValueKind: JsonValueKind.Object } => string.Join(", ",
                value.EnumerateObject().Where(d => d.Value.ValueKind != JsonValueKind.Null).Select(d => $"{d.Name} {Scalar(d.Value)}")),
            { ValueKind: JsonValueKind.Null } when property == "otp" => "none (the agent reads the code out)",
            _ => Text(element, property),
        } : Text(element, property);

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? Scalar(value) : "—";

    private static string Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        _ => value.GetRawText(),
    };

    private static void UseEmbeddedFonts()
    {
        lock (FontGate)
        {
            if (GlobalFontSettings.FontResolver is not EvidenceFontResolver)
            {
                GlobalFontSettings.FontResolver = new EvidenceFontResolver();
            }
        }
    }

    /// <summary>Writes lines top-down on A4 pages, wrapping long ones and starting a new page when one is full; the digest in each footer.</summary>
    private sealed class PageWriter : IDisposable
    {
        private const double Margin = 50;
        private static readonly XFont Body = new(EvidenceFontResolver.Family, 9);
        private static readonly XFont Strong = new(EvidenceFontResolver.Family, 9, XFontStyleEx.Bold);
        private static readonly XFont Large = new(EvidenceFontResolver.Family, 16, XFontStyleEx.Bold);
        private static readonly XFont Medium = new(EvidenceFontResolver.Family, 11, XFontStyleEx.Bold);

        private readonly PdfDocument _document;
        private readonly string _digest;
        private XGraphics _graphics = null!;
        private PdfPage _page = null!;
        private double _y;

        public PageWriter(PdfDocument document, string digest)
        {
            (_document, _digest) = (document, digest);
            NewPage();
        }

        private double Width => _page.Width.Point - (2 * Margin);

        public void Title(string text) => Write(text, Large, 0);

        public void Heading(string text) => Write(text, Medium, 0);

        public void Field(string label, string value)
        {
            Room(Body.Height);
            _graphics.DrawString(label, Strong, XBrushes.Black, new XRect(Margin, _y, 110, Body.Height), XStringFormats.TopLeft);
            Write(value, Body, 115);
        }

        public void Line(string text, bool bold = false) => Write(text, bold ? Strong : Body, 0);

        public void Gap() => _y += Body.Height;

        public void Dispose() => _graphics.Dispose();

        private void Write(string text, XFont font, double indent)
        {
            foreach (var line in Wrap(text, font, Width - indent))
            {
                Room(font.Height);
                _graphics.DrawString(line, font, XBrushes.Black, new XRect(Margin + indent, _y, Width - indent, font.Height), XStringFormats.TopLeft);
                _y += font.Height * 1.25;
            }
        }

        private IEnumerable<string> Wrap(string text, XFont font, double width)
        {
            var line = "";
            foreach (var word in text.Split(' '))
            {
                var candidate = line.Length == 0 ? word : $"{line} {word}";
                if (line.Length > 0 && _graphics.MeasureString(candidate, font).Width > width)
                {
                    yield return line;
                    line = word;
                }
                else
                {
                    line = candidate;
                }
            }
            yield return line;
        }

        private void Room(double height)
        {
            if (_y + height > _page.Height.Point - Margin - 20)
            {
                _graphics.Dispose();
                NewPage();
            }
        }

        private void NewPage()
        {
            _page = _document.AddPage();
            _page.Size = PdfSharp.PageSize.A4;
            _graphics = XGraphics.FromPdfPage(_page);
            _y = Margin;
            var footer = string.Create(CultureInfo.InvariantCulture, $"Payload SHA-256 {_digest}   page {_document.PageCount}");
            _graphics.DrawString(footer, Body, XBrushes.Gray, new XRect(Margin, _page.Height.Point - Margin, Width, Body.Height), XStringFormats.TopLeft);
        }
    }
}
