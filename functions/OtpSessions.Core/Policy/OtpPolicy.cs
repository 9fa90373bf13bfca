using PhoneNumbers;

namespace OtpSessions.Core.Policy;

/// <summary>
/// The OTP policy (README "Behaviour worth knowing"). System defaults bind from the <c>OtpPolicy</c> settings section;
/// a team's row in the <c>policies</c> table overrides single values (<see cref="PolicyOverrides"/>); the effective
/// policy is snapshotted on the session when it starts, so later changes never alter a running session.
/// The bounds below are the allowed ranges for system settings (checked at start-up) and team overrides alike; they
/// stay inside NIST SP 800-63B: codes of at least 6 digits, valid at most 10 minutes, and at most 100 wrong guesses in
/// all (<see cref="MaxAttempts"/> × <see cref="MaxLockouts"/>).
/// </summary>
public sealed class OtpPolicy : IValidatableObject
{
    public const string SectionName = "OtpPolicy";

    /// <summary>NIST SP 800-63B rate limit: at most this many wrong guesses before the agent must reassign.</summary>
    public const int MaxGuesses = 100;

    /// <summary>Whether participants must enter a code at all.</summary>
    public bool RequireOtp { get; set; } = true;

    [Range(6, 10, ErrorMessage = "OtpPolicy__Length must be between 6 and 10 digits (NIST SP 800-63B: at least 6).")]
    public int Length { get; set; } = 6;

    [Range(typeof(TimeSpan), "00:01:00", "00:10:00", ErrorMessage = "OtpPolicy__Lifetime must be between 1 and 10 minutes (NIST SP 800-63B: at most 10).")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(10);

    [Range(1, 20, ErrorMessage = "OtpPolicy__MaxAttempts must be between 1 and 20.")]
    public int MaxAttempts { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "OtpPolicy__Lockout must be between 1 second and 1 day.")]
    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(15);

    [Range(1, 20, ErrorMessage = "OtpPolicy__MaxLockouts must be between 1 and 20.")]
    public int MaxLockouts { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "OtpPolicy__ResendCooldown must be between 0 and 1 hour.")]
    public TimeSpan ResendCooldown { get; set; } = TimeSpan.FromSeconds(30);

    [Range(1, 100, ErrorMessage = "OtpPolicy__MaxSendsPerHour must be between 1 and 100.")]
    public int MaxSendsPerHour { get; set; } = 5;

    public bool AgentCanViewOtp { get; set; } = true;

    /// <summary>
    /// How long after an Auto OTP code was sent the agent must wait before reading it out, unless its send failed
    /// (<see cref="Otp.OtpRules.CanAgentView"/>): whoever holds only the invite link must not get the code by phoning the
    /// agent while it sits on the participant's phone.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "OtpPolicy__AutoOtpViewDelay must be between 0 and 10 minutes.")]
    public TimeSpan AutoOtpViewDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// true = the agent may read out an Auto OTP code a delivery report says arrived (once <see cref="AutoOtpViewDelay"/>
    /// has passed); false = a <c>delivered</c> report hides it (an email "delivered" only means a server accepted it).
    /// </summary>
    public bool AgentCanViewDeliveredOtp { get; set; }

    /// <summary>true = every participant must have an OTP channel (Auto OTP for all).</summary>
    public bool RequireOtpChannel { get; set; }

    /// <summary>
    /// true = a participant who entered with a code may save a passkey, and enter again through the link with it instead
    /// of a code (link + passkey with user verification: two factors, the second phishing-resistant).
    /// </summary>
    public bool AllowPasskeys { get; set; } = true;

    /// <summary>false = codes may not go by email (NIST SP 800-63B does not count email as out-of-band).</summary>
    public bool AllowEmailOtp { get; set; } = true;

    [Range(typeof(TimeSpan), "00:05:00", "90.00:00:00", ErrorMessage = "OtpPolicy__InviteLinkLifetime must be between 5 minutes and 90 days.")]
    public TimeSpan InviteLinkLifetime { get; set; } = TimeSpan.FromDays(7);

    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00", ErrorMessage = "OtpPolicy__SessionLifetime must be between 1 hour and 365 days.")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(30);

    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00", ErrorMessage = "OtpPolicy__AccessTokenLifetime must be between 5 minutes and 30 days.")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// ISO 3166 region codes SMS may go to (SMS pumping protection), e.g. <c>OtpPolicy__AllowedSmsCountries=US,CA</c> (or <c>…__0=US</c>);
    /// empty = all. An SMS address elsewhere is refused when a session starts (<c>sms_country_not_allowed</c>).
    /// </summary>
    public IReadOnlyList<string> AllowedSmsCountries { get; set; } = [];

    /// <summary>
    /// true = a change of the team's overrides that weakens the policy (<see cref="PolicyWeakening"/>) waits until another
    /// administrator of the team approves it (<see cref="PolicyChangeRequest"/>); false = every valid change applies at once.
    /// </summary>
    public bool PolicyChangesNeedApproval { get; set; }

    public OtpPolicy Clone() => (OtpPolicy)MemberwiseClone();

    /// <summary>Whether SMS may go to a number of this region (ISO 3166, as libphonenumber names it).</summary>
    public bool AllowsSmsTo(string region) =>
        AllowedSmsCountries.Count == 0 || AllowedSmsCountries.Contains(region, StringComparer.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxAttempts * MaxLockouts > MaxGuesses)
        {
            yield return new ValidationResult(
                $"OtpPolicy__MaxAttempts × OtpPolicy__MaxLockouts must be at most {MaxGuesses} (NIST SP 800-63B); it is {MaxAttempts} × {MaxLockouts}.",
                [nameof(MaxAttempts), nameof(MaxLockouts)]);
        }
        if (AllowedSmsCountries.FirstOrDefault(c => !IsRegion(c)) is { } unknown)
        {
            yield return new ValidationResult(
                $"OtpPolicy__AllowedSmsCountries holds '{unknown}', which is not an ISO 3166 region code with phone numbers (e.g. US, GB, DE).",
                [nameof(AllowedSmsCountries)]);
        }
    }

    /// <summary>A two-letter region code that libphonenumber knows numbers for.</summary>
    public static bool IsRegion(string? code) =>
        code is { Length: 2 } && PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(code.ToUpperInvariant());
}
