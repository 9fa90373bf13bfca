using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;

namespace OtpSessions.Core.Messaging;

/// <summary>
/// The texts customers receive: the invitation (with its link) and the one-time code (with how long it is valid),
/// as SMS and as email (plain text + HTML), signed with <see cref="MessagingOptions.OrganisationName"/>.
/// SMS texts use only the GSM 7-bit alphabet and pick the longest wording that still fits one segment.
/// </summary>
public sealed class MessageTemplates(IOptions<MessagingOptions> options)
{
    private string Organisation => options.Value.OrganisationName;

    public string InvitationSms(string link)
    {
        EnsureWebLink(link);
        return FirstSingleSegment(
            $"{Organisation}: you are invited to a secure session. Open this personal link to join: {link}",
            $"{Organisation}: you are invited to a secure session. Join: {link}",
            $"{Organisation} invite: {link}");
    }

    public EmailContent InvitationEmail(string link, string? recipientName)
    {
        EnsureWebLink(link);
        var greeting = string.IsNullOrWhiteSpace(recipientName) ? "Hello," : $"Hello {recipientName},";
        var subject = $"{Organisation}: you are invited to a secure session";
        var text = $"""
            {greeting}

            {Organisation} has invited you to a secure session. Open this link to join:
            {link}

            The link is personal: please do not forward it. If you did not expect this message, you can ignore it.

            {Organisation}
            """;
        var html = Html($"""
            <p>{Encode(greeting)}</p>
            <p>{Encode(Organisation)} has invited you to a secure session.</p>
            <p><a href="{Encode(link)}" style="display:inline-block;padding:10px 18px;background:#0f6cbd;color:#ffffff;text-decoration:none;border-radius:4px">Join the session</a></p>
            <p>Or copy this link into your browser:<br>{Encode(link)}</p>
            <p>The link is personal: please do not forward it. If you did not expect this message, you can ignore it.</p>
            <p>{Encode(Organisation)}</p>
            """);
        return new EmailContent(subject, text, html);
    }

    public string CodeSms(string code, TimeSpan validFor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        var minutes = Minutes(validFor);
        return FirstSingleSegment(
            $"{code} is your {Organisation} verification code. It expires in {minutes}. Do not share it with anyone.",
            $"{code} is your {Organisation} verification code. It expires in {minutes}.",
            $"{code} is your {Organisation} code. Valid {minutes}.");
    }

    public EmailContent CodeEmail(string code, TimeSpan validFor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        var minutes = Minutes(validFor);
        var subject = $"Your {Organisation} verification code";
        var text = $"""
            Your verification code is {code}

            Enter it on the page that asked for it. It expires in {minutes}.
            Do not share this code with anyone. If you did not ask for it, you can ignore this message.

            {Organisation}
            """;
        var html = Html($"""
            <p>Your verification code is</p>
            <p style="font-size:28px;font-weight:bold;letter-spacing:4px">{Encode(code)}</p>
            <p>Enter it on the page that asked for it. It expires in {minutes}.</p>
            <p>Do not share this code with anyone. If you did not ask for it, you can ignore this message.</p>
            <p>{Encode(Organisation)}</p>
            """);
        return new EmailContent(subject, text, html);
    }

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

    private static string Minutes(TimeSpan validFor)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(validFor.TotalMinutes));
        return minutes == 1 ? "1 minute" : string.Create(CultureInfo.InvariantCulture, $"{minutes} minutes");
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    private static string Html(string body) =>
        $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"></head>
        <body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;color:#1b1b1b">
        {body}
        </body></html>
        """;
}
