namespace OtpSessions.Core.Messaging;

/// <summary>
/// Settings section <c>Web</c>: where the customer web app lives; invite links are <c>{BaseUrl}/join#{inviteToken}</c>, "not me"
/// links <c>{BaseUrl}/not-me#{reportToken}</c>.
/// </summary>
public sealed class InvitationLinkOptions
{
    public const string SectionName = "Web";

    [Required(ErrorMessage = "Web__BaseUrl is required: the customer web app's address (invite links are {Web__BaseUrl}/join#<token>).")]
    [Url(ErrorMessage = "Web__BaseUrl must be an absolute http(s) URL.")]
    public string BaseUrl { get; set; } = "";

    /// <summary>The link of one invite token; the token sits in the fragment, so it never reaches a server log.</summary>
    public string LinkFor(string inviteToken) => $"{BaseUrl.TrimEnd('/')}/join#{inviteToken}";

    /// <summary>The "not me" link of one report token (<c>{BaseUrl}/not-me#{reportToken}</c>); null without a token.</summary>
    public string? NotMeLinkFor(string? reportToken) => reportToken is null ? null : $"{BaseUrl.TrimEnd('/')}/not-me#{reportToken}";
}
