using System.ComponentModel.DataAnnotations;

namespace OtpSessions.Infrastructure.Auth;

/// <summary>
/// Settings section <c>Auth:Agents</c> (<c>Auth__Agents__*</c>): agent JWTs carry this issuer and audience and are signed
/// either with the symmetric development key <see cref="SigningKey"/> (HS256, base64, ≥ 32 bytes; local runs and tests
/// only — refused outside the Development environment) or by the identity provider at <see cref="Authority"/> (Entra ID
/// in Azure: RS256, keys from its OpenID metadata over https). Never both. The agent's team is read from one claim,
/// <see cref="TeamClaim"/>.
/// </summary>
public sealed class AgentAuthOptions : IValidatableObject
{
    public const string SectionName = "Auth:Agents";

    [Required(ErrorMessage = "Auth__Agents__Issuer is required.")]
    public string Issuer { get; set; } = "local-dev";

    [Required(ErrorMessage = "Auth__Agents__Audience is required.")]
    public string Audience { get; set; } = "otp-sessions";

    /// <summary>Base64 HS256 key (development). Leave empty when <see cref="Authority"/> is set.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The OpenID Connect authority, e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>.</summary>
    public Uri? Authority { get; set; }

    /// <summary>
    /// The one claim that holds the agent's team: <c>team</c> in development tokens; in Entra ID the directory-extension claim
    /// the API registration emits (<c>extn.team</c>, infra/README.md "Agents' tokens").
    /// </summary>
    [Required(ErrorMessage = "Auth__Agents__TeamClaim is required: the claim that holds the agent's team.")]
    [StringLength(128, ErrorMessage = "Auth__Agents__TeamClaim must be at most 128 characters.")]
    public string TeamClaim { get; set; } = "team";

    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Auth__Agents__ClockSkew must be between 0 and 10 minutes.")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    public byte[]? SigningKeyBytes()
    {
        if (string.IsNullOrWhiteSpace(SigningKey))
        {
            return null;
        }
        var buffer = new byte[SigningKey.Length];
        return Convert.TryFromBase64String(SigningKey, buffer, out var written) ? buffer[..written] : null;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(SigningKey) && Authority is null)
        {
            yield return new ValidationResult(
                "Agent authentication is not configured: set Auth__Agents__Authority (Entra ID) or Auth__Agents__SigningKey (development key).",
                [nameof(Authority), nameof(SigningKey)]);
        }
        if (!string.IsNullOrWhiteSpace(SigningKey) && SigningKeyBytes() is not { Length: >= 32 })
        {
            yield return new ValidationResult("Auth__Agents__SigningKey must be base64 of at least 32 bytes.", [nameof(SigningKey)]);
        }
        if (Authority is not null && !(Authority.IsAbsoluteUri && Authority.Scheme == Uri.UriSchemeHttps))
        {
            yield return new ValidationResult("Auth__Agents__Authority must be an absolute https URL (its OpenID metadata and keys are fetched from it).",
                [nameof(Authority)]);
        }
    }
}
