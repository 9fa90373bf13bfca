using System.Net;

namespace OtpSessions.Core.Messaging;

/// <summary>
/// The texts customers receive, in the participant's language (<see cref="Locale"/>, translations in
/// <see cref="MessageTexts"/>): the invitation (with its link) and the one-time code (with how long it is valid), as SMS
/// and as email (plain text + HTML with <c>lang</c> and <c>dir</c>), signed with <see cref="MessagingOptions.OrganisationName"/>.
/// An SMS takes the full wording when it fits its <see cref="SmsBudget"/>, else the short one. An optional "not me" link
/// (<c>{Web:BaseUrl}/not-me#…</c>) goes on its own line; a code SMS ends with the origin-bound line
/// <c>@&lt;host of Web:BaseUrl&gt; #&lt;code&gt;</c>, so browsers and phones offer the code for one-tap entry on the join
/// page only (WebOTP).
/// </summary>
public sealed class MessageTemplates(IOptions<MessagingOptions> options, IOptions<InvitationLinkOptions> links)
{
    private string Organisation => options.Value.OrganisationName;

    public string InvitationSms(string link, Locale locale = Locale.En, string? notMeLink = null)
    {
        EnsureWebLink(link);
        var notMe = NotMeSmsLine(notMeLink, locale);
        string Text(string key) => MessageTexts.Format(locale, key, ("organisation", Organisation), ("link", link)) + notMe;
        var full = Text("invitationSms");
        return SmsBudget.InvitationFits(full) ? full : Text("invitationSmsShort");
    }

    public EmailContent InvitationEmail(string link, string? recipientName, Locale locale = Locale.En, string? notMeLink = null)
    {
        EnsureWebLink(link);
        string T(string key) => MessageTexts.Format(locale, key, ("organisation", Organisation), ("name", recipientName?.Trim() ?? ""));
        var greeting = string.IsNullOrWhiteSpace(recipientName) ? T("hello") : T("helloName");
        var invited = T("invited");
        var text = $"""
            {greeting}

            {invited} {T("openLink")}
            {link}

            {T("personal")}{NotMeTextLines(notMeLink, locale)}

            {Organisation}
            """;
        var html = Html(locale, $"""
            <p>{Encode(greeting)}</p>
            <p>{Encode(invited)}</p>
            <p><a href="{Encode(link)}" style="display:inline-block;padding:10px 18px;background:#0f6cbd;color:#ffffff;text-decoration:none;border-radius:4px">{Encode(T("joinButton"))}</a></p>
            <p>{Encode(T("copyLink"))}<br><span dir="ltr">{Encode(link)}</span></p>
            <p>{Encode(T("personal"))}</p>{NotMeHtml(notMeLink, locale)}
            <p>{Encode(Organisation)}</p>
            """);
        return new EmailContent(T("invitationSubject"), text, html);
    }

    public string CodeSms(string code, TimeSpan validFor, Locale locale = Locale.En, string? notMeLink = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        var minutes = Minutes(validFor, locale);
        var ending = NotMeSmsLine(notMeLink, locale) + $"\n\n@{WebHost} #{code}";
        string Text(string key) => MessageTexts.Format(locale, key, ("code", code), ("organisation", Organisation), ("minutes", minutes)) + ending;
        var full = Text("codeSms");
        return SmsBudget.CodeFits(full) ? full : Text("codeSmsShort");
    }

    public EmailContent CodeEmail(string code, TimeSpan validFor, Locale locale = Locale.En, string? notMeLink = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        string T(string key) => MessageTexts.Format(locale, key, ("organisation", Organisation), ("minutes", Minutes(validFor, locale)));
        var text = $"""
            {T("yourCodeIs")} {code}

            {T("enterCode")}
            {T("doNotShare")}{NotMeTextLines(notMeLink, locale)}

            {Organisation}
            """;
        var html = Html(locale, $"""
            <p>{Encode(T("yourCodeIs"))}</p>
            <p dir="ltr" style="font-size:28px;font-weight:bold;letter-spacing:4px">{Encode(code)}</p>
            <p>{Encode(T("enterCode"))}</p>
            <p>{Encode(T("doNotShare"))}</p>{NotMeHtml(notMeLink, locale)}
            <p>{Encode(Organisation)}</p>
            """);
        return new EmailContent(T("codeSubject"), text, html);
    }

    /// <summary>The host the WebOTP line binds the code to: the join page's (<c>Web:BaseUrl</c>), without scheme or port.</summary>
    private string WebHost => new Uri(links.Value.BaseUrl).Host;

    private static string NotMeSmsLine(string? notMeLink, Locale locale)
    {
        if (notMeLink is null)
        {
            return "";
        }
        EnsureWebLink(notMeLink);
        return "\n" + MessageTexts.Format(locale, "notMeSms", ("link", notMeLink));
    }

    private static string NotMeTextLines(string? notMeLink, Locale locale)
    {
        if (notMeLink is null)
        {
            return "";
        }
        EnsureWebLink(notMeLink);
        return $"\n\n{MessageTexts.Format(locale, "notMeEmail")}\n{notMeLink}";
    }

    private static string NotMeHtml(string? notMeLink, Locale locale) => notMeLink is null ? "" :
        $"\n<p>{Encode(MessageTexts.Format(locale, "notMeEmail"))} <a href=\"{Encode(notMeLink)}\" dir=\"ltr\">{Encode(notMeLink)}</a></p>";

    private static void EnsureWebLink(string link)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(link);
        if (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw new ArgumentException("A link in a message must be an absolute http(s) URL.", nameof(link));
        }
    }

    private static string Minutes(TimeSpan validFor, Locale locale) =>
        MessageTexts.Plural(locale, "minutes", Math.Max(1, (int)Math.Ceiling(validFor.TotalMinutes)));

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    private static string Html(Locale locale, string body) =>
        $"""
        <!DOCTYPE html>
        <html lang="{locale.ToWire()}" dir="{(locale.IsRightToLeft() ? "rtl" : "ltr")}"><head><meta charset="utf-8"></head>
        <body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;color:#1b1b1b">
        {body}
        </body></html>
        """;
}
