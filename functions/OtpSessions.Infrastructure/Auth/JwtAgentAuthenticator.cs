using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OtpSessions.Core.Auth;

namespace OtpSessions.Infrastructure.Auth;

/// <summary>
/// Validates agent bearer tokens with <see cref="JsonWebTokenHandler"/>: signature (HS256 with the development key, or
/// RS256 only with the authority's published keys), issuer, audience, lifetime (against the injected
/// <see cref="TimeProvider"/>), and a non-empty agent id — else 401. Claims used: the agent id — with an authority (Entra
/// ID) the <c>oid</c> claim (the principal's stable object id, the same in every application; required, no fallback),
/// else <c>sub</c> — the team from the one configured claim (<see cref="AgentAuthOptions.TeamClaim"/>), and <c>roles</c>
/// (string or array). A valid token is an agent's only with an app role (<see cref="AgentAuthentication.Of"/>) and, in
/// Entra ID, when delegated (it carries <c>scp</c>), with the scope <see cref="RequiredScope"/> — else 403.
/// </summary>
public sealed partial class JwtAgentAuthenticator(
    IOptions<AgentAuthOptions> options, IOpenIdMetadataSource metadata, TimeProvider time, ILogger<JwtAgentAuthenticator> logger)
    : IAgentAuthenticator
{
    /// <summary>With an authority (Entra ID) the agent id is this claim: <c>sub</c> differs per application.</summary>
    public const string ObjectIdClaim = "oid";

    /// <summary>The delegated scope (Entra ID <c>scp</c>, space-separated) a user's token for this API must carry.</summary>
    public const string RequiredScope = "access_as_user";

    public const string ScopeClaim = "scp";

    private readonly string _teamClaim = options.Value.TeamClaim;
    private readonly BearerTokenValidator _tokens = Tokens(options.Value, metadata, time);

    /// <summary>Tokens come from an authority (Entra ID): no development signing key is set.</summary>
    private bool Entra => _tokens.UsesAuthorityKeys;

    private static BearerTokenValidator Tokens(AgentAuthOptions settings, IOpenIdMetadataSource metadata, TimeProvider time)
    {
        var parameters = TokenLifetime.StrictParameters(settings.Issuer, settings.Audience, settings.ClockSkew, time);
        parameters.NameClaimType = "sub";
        parameters.RoleClaimType = "roles";
        var tokens = new BearerTokenValidator(parameters);
        if (settings.SigningKeyBytes() is { } key)
        {
            parameters.IssuerSigningKey = new SymmetricSecurityKey(key);
            parameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }
        else
        {
            tokens.UseAuthorityKeys(metadata, settings.Authority!);
        }
        return tokens;
    }

    public async Task<AgentAuthentication> AuthenticateAsync(string? authorizationHeader, CancellationToken cancellationToken)
    {
        if (await _tokens.ValidateAsync(authorizationHeader) is not { } result)
        {
            return AgentAuthentication.Unauthenticated;
        }
        if (!result.IsValid)
        {
            LogRejected(result.Exception?.GetType().Name ?? "invalid");
            return AgentAuthentication.Unauthenticated;
        }
        var identity = result.ClaimsIdentity;
        var subject = identity.FindFirst(Entra ? ObjectIdClaim : "sub")?.Value;
        if (string.IsNullOrWhiteSpace(subject))
        {
            LogRejected(Entra ? "no oid claim" : "no sub claim");
            return AgentAuthentication.Unauthenticated;
        }
        if (Entra && identity.FindAll(ScopeClaim).ToList() is { Count: > 0 } scopes
            && !scopes.SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Contains(RequiredScope, StringComparer.Ordinal))
        {
            LogRejected("delegated token without scope " + RequiredScope);
            return AgentAuthentication.Forbidden($"A delegated token for this API must carry the scope {RequiredScope}.");
        }
        var team = identity.FindFirst(_teamClaim)?.Value;
        var roles = identity.FindAll("roles").Select(c => c.Value).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        var authentication = AgentAuthentication.Of(new AgentPrincipal(subject, string.IsNullOrWhiteSpace(team) ? null : team, roles));
        if (authentication.Refusal is not null)
        {
            LogRejected("no agent: " + authentication.Refusal);
        }
        return authentication;
    }

    [LoggerMessage(LogLevel.Information, "Agent token rejected: {Reason}")]
    private partial void LogRejected(string reason);
}
