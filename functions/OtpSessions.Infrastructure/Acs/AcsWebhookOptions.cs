using System.ComponentModel.DataAnnotations;

namespace OtpSessions.Infrastructure.Acs;

/// <summary>
/// Settings section <c>Webhooks:Acs</c> (<c>Webhooks__Acs__*</c>): how <c>POST /api/webhooks/acs</c> knows a delivery comes
/// from Event Grid. With <see cref="EntraAuthority"/> and <see cref="EntraAudience"/> (Azure), Event Grid's Microsoft Entra
/// authentication of webhook delivery: each request carries a bearer token that the tenant issued for the app's
/// registration, checked by <see cref="AcsWebhookAuthenticator"/> (the function key alone no longer suffices, so a leaked
/// key cannot forge reports). Without them (local development only: refused elsewhere) the function key is the check.
/// </summary>
public sealed class AcsWebhookOptions : IValidatableObject
{
    public const string SectionName = "Webhooks:Acs";

    /// <summary>The tenant's authority, e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>: the tokens' issuer and where their keys are published.</summary>
    public Uri? EntraAuthority { get; set; }

    /// <summary>
    /// The audience of Event Grid's tokens: the application (client) id of the API's registration, the value the Event Grid
    /// subscription names as <c>azureActiveDirectoryApplicationIdOrUri</c> (v2.0 tokens carry the client id as <c>aud</c>).
    /// </summary>
    [StringLength(256, ErrorMessage = "Webhooks__Acs__EntraAudience must be at most 256 characters.")]
    public string? EntraAudience { get; set; }

    /// <summary>Whether deliveries must carry an Entra ID token (both settings given).</summary>
    public bool EntraConfigured => EntraAuthority is not null && !string.IsNullOrWhiteSpace(EntraAudience);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if ((EntraAuthority is null) != string.IsNullOrWhiteSpace(EntraAudience))
        {
            yield return new ValidationResult(
                "Set both Webhooks__Acs__EntraAuthority and Webhooks__Acs__EntraAudience (Event Grid's Entra ID authentication of the ACS webhook), or neither (local development: the function key).",
                [nameof(EntraAuthority), nameof(EntraAudience)]);
        }
        if (EntraAuthority is not null && !(EntraAuthority.IsAbsoluteUri && EntraAuthority.Scheme == Uri.UriSchemeHttps))
        {
            yield return new ValidationResult("Webhooks__Acs__EntraAuthority must be an absolute https URL (its OpenID metadata and keys are fetched from it).",
                [nameof(EntraAuthority)]);
        }
    }
}
