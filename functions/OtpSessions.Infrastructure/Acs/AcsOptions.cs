using System.ComponentModel.DataAnnotations;

namespace OtpSessions.Infrastructure.Acs;

/// <summary>
/// Settings section <c>Acs</c>. Either <c>Acs__ConnectionString</c> (endpoint + access key: HMAC-signed requests; the local
/// fake ACS uses this) or <c>Acs__Endpoint</c> alone (managed identity: a bearer token for
/// <c>https://communication.azure.com/.default</c>; <c>Acs__ClientId</c> selects a user-assigned identity).
/// </summary>
public sealed class AcsOptions : IValidatableObject
{
    public const string SectionName = "Acs";

    public string? ConnectionString { get; set; }

    public Uri? Endpoint { get; set; }

    public string? ClientId { get; set; }

    /// <summary>
    /// The E.164 number (or short code / alphanumeric sender id) ACS sends SMS from. Empty = SMS is not configured: a number
    /// can only be bought once the ACS resource exists, so the first deployment runs without one (email only; see
    /// <see cref="Core.Messaging.ChannelAvailability"/>).
    /// </summary>
    public string SmsFrom { get; set; } = "";

    public bool SmsConfigured => !string.IsNullOrWhiteSpace(SmsFrom);

    /// <summary>The MailFrom address of a verified ACS email domain.</summary>
    [Required(ErrorMessage = "Acs__EmailFrom is required: the sender address of a verified ACS email domain.")]
    [EmailAddress(ErrorMessage = "Acs__EmailFrom must be an email address.")]
    public string EmailFrom { get; set; } = "";

    /// <summary>Ask ACS for SMS delivery reports (Event Grid → <c>POST /api/webhooks/acs</c>).</summary>
    public bool EnableDeliveryReports { get; set; } = true;

    /// <summary>Retries after the first attempt for 429 / 5xx / timeouts / connection failures.</summary>
    [Range(0, 10, ErrorMessage = "Acs__MaxRetryAttempts must be between 0 and 10.")]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First back-off delay (exponential with jitter); a <c>Retry-After</c> answer overrides it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Acs__RetryBaseDelay must be between 00:00:00 and 00:01:00.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:01", "00:02:00", ErrorMessage = "Acs__AttemptTimeout must be between 00:00:01 and 00:02:00.")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The whole send, retries included.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "Acs__TotalTimeout must be between 00:00:01 and 00:05:00.")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>The parsed connection string, or null when the managed-identity settings are used.</summary>
    public AcsConnectionString? ParseConnectionString() =>
        AcsConnectionString.TryParse(ConnectionString, out var parsed, out _) ? parsed : null;

    /// <summary>The ACS resource endpoint, always ending with <c>/</c>.</summary>
    public Uri ResolveEndpoint() =>
        ParseConnectionString()?.Endpoint ?? ToEndpoint(Endpoint?.ToString())
        ?? throw new InvalidOperationException("ACS is not configured: set Acs__ConnectionString or Acs__Endpoint.");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            if (!AcsConnectionString.TryParse(ConnectionString, out _, out var error))
            {
                yield return new ValidationResult($"Acs__ConnectionString is not valid: {error}.", [nameof(ConnectionString)]);
            }
        }
        else if (ToEndpoint(Endpoint?.ToString()) is null)
        {
            yield return new ValidationResult(
                "ACS is not configured: set Acs__ConnectionString (endpoint=…;accesskey=…) or Acs__Endpoint (managed identity).",
                [nameof(ConnectionString), nameof(Endpoint)]);
        }
        if (TotalTimeout <= AttemptTimeout)
        {
            yield return new ValidationResult("Acs__TotalTimeout must be longer than Acs__AttemptTimeout.", [nameof(TotalTimeout)]);
        }
    }

    internal static Uri? ToEndpoint(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/")
            : null;
}
