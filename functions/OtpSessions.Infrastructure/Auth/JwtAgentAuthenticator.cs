using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using OtpSessions.Core.Auth;

namespace OtpSessions.Infrastructure.Auth;

/// <summary>
/// Validates agent bearer tokens with <see cref="JsonWebTokenHandler"/>: signature (HS256 with the development key, or
/// RS256 only with the authority's published keys), issuer, audience, lifetime (against the injected
/// <see cref="TimeProvider"/>), and a non-empty agent id. Claims used: the agent id — with an authority (Entra ID) the
/// <c>oid</c> claim (the user's stable object id, the same in every application), else <c>sub</c> — and <c>team</c>,
/// <c>roles</c> (string or array).
/// </summary>
public sealed partial class JwtAgentAuthenticator : IAgentAuthenticator
{
    /// <summary>Longer headers are refused before parsing.</summary>
    public const int MaxTokenLength = 16 * 1024;

    /// <summary>With an authority (Entra ID) the agent id is this claim when present: <c>sub</c> differs per application.</summary>
    public const string ObjectIdClaim = "oid";

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly bool _preferObjectId;
    private readonly TokenValidationParameters _parameters;
    private readonly TimeProvider _time;
    private readonly ILogger<JwtAgentAuthenticator> _logger;

    public JwtAgentAuthenticator(IOptions<AgentAuthOptions> options, TimeProvider time, ILogger<JwtAgentAuthenticator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _logger = logger;
        var settings = options.Value;
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidAudience = settings.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = settings.ClockSkew,
            LifetimeValidator = ValidateLifetime,
            NameClaimType = "sub",
            RoleClaimType = "roles",
        };
        if (settings.SigningKeyBytes() is { } key)
        {
            _parameters.IssuerSigningKey = new SymmetricSecurityKey(key);
            _parameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }
        else
        {
            var authority = settings.Authority!.ToString().TrimEnd('/');
            _parameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256];
            _parameters.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                authority + "/.well-known/openid-configuration",
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever { RequireHttps = true });
            _preferObjectId = true;
        }
    }

    public async Task<AgentPrincipal?> AuthenticateAsync(string? authorizationHeader, CancellationToken cancellationToken)
    {
        const string scheme = "Bearer ";
        if (authorizationHeader is null || authorizationHeader.Length > MaxTokenLength
            || !authorizationHeader.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var token = authorizationHeader[scheme.Length..].Trim();
        if (token.Length == 0)
        {
            return null;
        }
        var result = await _handler.ValidateTokenAsync(token, _parameters);
        if (!result.IsValid)
        {
            LogRejected(result.Exception?.GetType().Name ?? "invalid");
            return null;
        }
        var identity = result.ClaimsIdentity;
        var subject = (_preferObjectId ? identity.FindFirst(ObjectIdClaim)?.Value : null) is { Length: > 0 } objectId
            ? objectId
            : identity.FindFirst("sub")?.Value;
        if (string.IsNullOrWhiteSpace(subject))
        {
            LogRejected("no sub claim");
            return null;
        }
        // Entra ID emits a directory-extension claim as extn.<name> (infra/README.md, "Agents' tokens").
        var team = identity.FindFirst("team")?.Value ?? identity.FindFirst("extn.team")?.Value;
        var roles = identity.FindAll("roles").Select(c => c.Value).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        return new AgentPrincipal(subject, string.IsNullOrWhiteSpace(team) ? null : team, roles);
    }

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return expires is { } exp && now <= exp.ToUniversalTime() + parameters.ClockSkew
            && (notBefore is not { } nbf || now >= nbf.ToUniversalTime() - parameters.ClockSkew);
    }

    [LoggerMessage(LogLevel.Information, "Agent token rejected: {Reason}")]
    private partial void LogRejected(string reason);
}
