namespace OtpSessions.Core.Messaging;

/// <summary>Settings section <c>Messaging</c> (e.g. <c>Messaging__OrganisationName</c>).</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    /// <summary>Shown in every message so the customer knows who is writing (keep it short: SMS segments are small).</summary>
    [Required(ErrorMessage = "Messaging__OrganisationName is required: the name shown in invitation and code messages.")]
    [MaxLength(60, ErrorMessage = "Messaging__OrganisationName must be at most 60 characters.")]
    public string OrganisationName { get; set; } = "";
}
