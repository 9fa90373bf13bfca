namespace OtpSessions.Core.Evidence;

/// <summary>
/// Settings section <c>Evidence</c> (the record itself; the signing keys are the signer's settings):
/// <c>Evidence__Issuer</c> (the record's <c>iss</c>) and <c>Evidence__RetentionDays</c>, how long a session's final
/// record is kept after the session expired (2,555 days — seven years — by default).
/// </summary>
public sealed class EvidenceOptions
{
    public const string SectionName = "Evidence";

    [StringLength(200, MinimumLength = 1, ErrorMessage = "Evidence__Issuer must be 1–200 characters.")]
    public string Issuer { get; set; } = "otp-sessions";

    [Range(1, 36_500, ErrorMessage = "Evidence__RetentionDays must be 1–36500 (days).")]
    public int RetentionDays { get; set; } = 2555;
}
