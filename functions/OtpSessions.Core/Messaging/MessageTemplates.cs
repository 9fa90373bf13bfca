using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using OtpSessions.Core.Common;

namespace OtpSessions.Core.Messaging;

/// <summary>
/// The texts customers receive, in the participant's language (<see cref="Locale"/>): the invitation (with its link)
/// and the one-time code (with how long it is valid), as SMS and as email (plain text + HTML), signed with
/// <see cref="MessagingOptions.OrganisationName"/>. SMS texts use only the GSM 7-bit alphabet (so the Spanish ones go
/// without the accents GSM lacks) and pick the longest wording that still fits one segment. A code SMS ends with the
/// origin-bound line <c>@&lt;host of Web:BaseUrl&gt; #&lt;code&gt;</c>, so browsers and phones offer the code for one-tap
/// entry on the join page only (WebOTP).
/// </summary>
public sealed class MessageTemplates(IOptions<MessagingOptions> options, IOptions<InvitationLinkOptions> links)
{
    private string Organisation => options.Value.OrganisationName;

    public string InvitationSms(string link, Locale locale = Locale.En)
    {
        EnsureWebLink(link);
        return locale == Locale.Es
            ? FirstSingleSegment(
                $"{Organisation}: le invitamos a una sesion segura. Abra este enlace personal para unirse: {link}",
                $"{Organisation}: le invitamos a una sesion segura. Entre: {link}",
                $"{Organisation} invitacion: {link}")
            : FirstSingleSegment(
                $"{Organisation}: you are invited to a secure session. Open this personal link to join: {link}",
                $"{Organisation}: you are invited to a secure session. Join: {link}",
                $"{Organisation} invite: {link}");
    }

    public EmailContent InvitationEmail(string link, string? recipientName, Locale locale = Locale.En)
    {
        EnsureWebLink(link);
        var t = Words.For(locale);
        var greeting = string.IsNullOrWhiteSpace(recipientName) ? $"{t.Hello}," : $"{t.Hello} {recipientName},";
        var subject = string.Format(CultureInfo.InvariantCulture, t.InvitationSubject, Organisation);
        var invited = string.Format(CultureInfo.InvariantCulture, t.Invited, Organisation);
        var text = $"""
            {greeting}

            {invited} {t.OpenLink}
            {link}

            {t.Personal}

            {Organisation}
            """;
        var html = Html(locale, $"""
            <p>{Encode(greeting)}</p>
            <p>{Encode(invited)}</p>
            <p><a href="{Encode(link)}" style="display:inline-block;padding:10px 18px;background:#0f6cbd;color:#ffffff;text-decoration:none;border-radius:4px">{Encode(t.JoinButton)}</a></p>
            <p>{Encode(t.CopyLink)}<br>{Encode(link)}</p>
            <p>{Encode(t.Personal)}</p>
            <p>{Encode(Organisation)}</p>
            """);
        return new EmailContent(subject, text, html);
    }

    public string CodeSms(string code, TimeSpan validFor, Locale locale = Locale.En)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        var minutes = Minutes(validFor, locale);
        var webOtp = $"\n\n@{WebHost} #{code}";
        return locale == Locale.Es
            ? FirstSingleSegment(
                $"{code} es su codigo de verificacion de {Organisation}. Caduca en {minutes}. No lo comparta con nadie.{webOtp}",
                $"{code} es su codigo de verificacion de {Organisation}. Caduca en {minutes}.{webOtp}",
                $"{code} es su codigo de {Organisation}. Valido {minutes}.{webOtp}")
            : FirstSingleSegment(
                $"{code} is your {Organisation} verification code. It expires in {minutes}. Do not share it with anyone.{webOtp}",
                $"{code} is your {Organisation} verification code. It expires in {minutes}.{webOtp}",
                $"{code} is your {Organisation} code. Valid {minutes}.{webOtp}");
    }

    public EmailContent CodeEmail(string code, TimeSpan validFor, Locale locale = Locale.En)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        var t = Words.For(locale);
        var minutes = Minutes(validFor, locale);
        var subject = string.Format(CultureInfo.InvariantCulture, t.CodeSubject, Organisation);
        var enter = string.Format(CultureInfo.InvariantCulture, t.EnterCode, minutes);
        var text = $"""
            {t.YourCodeIs} {code}

            {enter}
            {t.DoNotShare}

            {Organisation}
            """;
        var html = Html(locale, $"""
            <p>{Encode(t.YourCodeIs)}</p>
            <p style="font-size:28px;font-weight:bold;letter-spacing:4px">{Encode(code)}</p>
            <p>{Encode(enter)}</p>
            <p>{Encode(t.DoNotShare)}</p>
            <p>{Encode(Organisation)}</p>
            """);
        return new EmailContent(subject, text, html);
    }

    /// <summary>The host the WebOTP line binds the code to: the join page's (<c>Web:BaseUrl</c>), without scheme or port.</summary>
    private string WebHost => new Uri(links.Value.BaseUrl).Host;

    private static void EnsureWebLink(string link)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(link);
        if (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw new ArgumentException("An invitation link must be an absolute http(s) URL.", nameof(link));
        }
    }

    private static string FirstSingleSegment(params string[] candidates) =>
        candidates.FirstOrDefault(c => SmsText.Segments(c) == 1) ?? candidates[^1];

    private static string Minutes(TimeSpan validFor, Locale locale)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(validFor.TotalMinutes));
        var unit = (locale, minutes) switch
        {
            (Locale.Es, 1) => "minuto",
            (Locale.Es, _) => "minutos",
            (_, 1) => "minute",
            _ => "minutes",
        };
        return string.Create(CultureInfo.InvariantCulture, $"{minutes} {unit}");
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    private static string Html(Locale locale, string body) =>
        $"""
        <!DOCTYPE html>
        <html lang="{locale.ToWire()}"><head><meta charset="utf-8"></head>
        <body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;color:#1b1b1b">
        {body}
        </body></html>
        """;

    /// <summary>The email wording of one language (<c>{0}</c> is the organisation, or the minutes in <see cref="EnterCode"/>).</summary>
    private sealed record Words(
        string Hello, string InvitationSubject, string Invited, string OpenLink, string JoinButton, string CopyLink, string Personal,
        string CodeSubject, string YourCodeIs, string EnterCode, string DoNotShare)
    {
        private static readonly Words English = new(
            "Hello",
            "{0}: you are invited to a secure session",
            "{0} has invited you to a secure session.",
            "Open this link to join:",
            "Join the session",
            "Or copy this link into your browser:",
            "The link is personal: please do not forward it. If you did not expect this message, you can ignore it.",
            "Your {0} verification code",
            "Your verification code is",
            "Enter it on the page that asked for it. It expires in {0}.",
            "Do not share this code with anyone. If you did not ask for it, you can ignore this message.");

        private static readonly Words Spanish = new(
            "Hola",
            "{0}: le invitamos a una sesión segura",
            "{0} le ha invitado a una sesión segura.",
            "Abra este enlace para unirse:",
            "Unirse a la sesión",
            "O copie este enlace en su navegador:",
            "El enlace es personal: no lo reenvíe. Si no esperaba este mensaje, puede ignorarlo.",
            "Su código de verificación de {0}",
            "Su código de verificación es",
            "Introdúzcalo en la página que se lo pidió. Caduca en {0}.",
            "No comparta este código con nadie. Si no lo ha pedido, puede ignorar este mensaje.");

        public static Words For(Locale locale) => locale == Locale.Es ? Spanish : English;
    }
}
