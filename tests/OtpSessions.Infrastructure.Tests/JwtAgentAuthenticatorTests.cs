using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OtpSessions.Core.Auth;
using OtpSessions.Infrastructure.Auth;
using OtpSessions.Testing;

namespace OtpSessions.Infrastructure.Tests;

/// <summary>
/// Agent tokens with the development key, and in Entra ID mode (an authority) against a tenant made here
/// (<see cref="EntraTestIssuer"/>: a local RSA key given as the authority's metadata, no network).
/// </summary>
public sealed class JwtAgentAuthenticatorTests : IDisposable
{
    private const string EntraAudience = "7d7c8d6e-api-client-id";
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 5, 6, 7, 0, 0, TimeSpan.Zero));
    private readonly EntraTestIssuer _tenant = new();

    public void Dispose() => _tenant.Dispose();

    private JwtAgentAuthenticator Authenticator() => new(Options.Create(new AgentAuthOptions
    {
        Issuer = "local-dev",
        Audience = "otp-sessions",
        SigningKey = Convert.ToBase64String(Key),
    }), new FixedMetadata(_tenant), _time, NullLogger<JwtAgentAuthenticator>.Instance);

    private JwtAgentAuthenticator EntraAuthenticator(string teamClaim = "extn.team") => new(Options.Create(new AgentAuthOptions
    {
        Issuer = EntraTestIssuer.Authority,
        Audience = EntraAudience,
        Authority = new Uri(EntraTestIssuer.Authority),
        TeamClaim = teamClaim,
    }), new FixedMetadata(_tenant), _time, NullLogger<JwtAgentAuthenticator>.Instance);

    private string EntraToken(Dictionary<string, object> claims, RsaSecurityKey? key = null) =>
        "Bearer " + _tenant.Token(claims, _time.GetUtcNow().UtcDateTime, EntraAudience, key: key);

    /// <summary>The tenant's keys as the authority's metadata; any other authority is a mistake of the test.</summary>
    private sealed class FixedMetadata(EntraTestIssuer tenant) : IOpenIdMetadataSource
    {
        public BaseConfigurationManager For(Uri authority) =>
            authority == new Uri(EntraTestIssuer.Authority) ? tenant.Metadata : throw new InvalidOperationException($"unexpected authority {authority}");
    }

    private string Token(Dictionary<string, object>? claims = null, string issuer = "local-dev", string audience = "otp-sessions", byte[]? key = null,
        TimeSpan? lifetime = null)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims ?? new Dictionary<string, object> { ["sub"] = "agent-7", ["roles"] = "agent" },
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromHours(1)),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? Key), SecurityAlgorithms.HmacSha256),
        });
    }

    [Fact]
    public async Task A_valid_token_gives_the_agent_with_team_and_roles()
    {
        var principal = (await Authenticator().AuthenticateAsync("Bearer " + Token(new Dictionary<string, object>
        {
            ["sub"] = "agent-7",
            ["team"] = "retail",
            ["roles"] = new[] { "supervisor", "auditor" },
        }), CancellationToken.None)).Agent;

        Assert.NotNull(principal);
        Assert.Equal("agent-7", principal.Subject);
        Assert.Equal("retail", principal.Team);
        Assert.True(principal.IsSupervisor);
        Assert.Equal(["supervisor", "auditor"], principal.Roles);
    }

    [Fact]
    public async Task The_team_comes_from_the_configured_claim_only()
    {
        var token = "Bearer " + Token(new Dictionary<string, object> { ["sub"] = "agent-9", ["roles"] = "agent", ["extn.team"] = "business" });

        Assert.Null((await Authenticator().AuthenticateAsync(token, CancellationToken.None)).Agent!.Team);
    }

    [Theory]
    [InlineData]
    [InlineData("auditor")]
    public async Task A_valid_token_without_an_app_role_is_refused_as_no_agent(params string[] roles)
    {
        var claims = new Dictionary<string, object> { ["sub"] = "agent-7", ["team"] = "retail" };
        if (roles.Length > 0)
        {
            claims["roles"] = roles;
        }

        var result = await Authenticator().AuthenticateAsync("Bearer " + Token(claims), CancellationToken.None);

        Assert.Null(result.Agent);
        Assert.NotNull(result.Refusal);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("dana@example.com")]
    public async Task A_team_claim_that_is_no_team_id_is_refused(string team)
    {
        var result = await Authenticator().AuthenticateAsync(
            "Bearer " + Token(new Dictionary<string, object> { ["sub"] = "agent-7", ["roles"] = "agent", ["team"] = team }), CancellationToken.None);

        Assert.Null(result.Agent);
        Assert.Contains("team", result.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_role_as_a_string_counts_too()
    {
        var principal = (await Authenticator().AuthenticateAsync("bearer " + Token(new Dictionary<string, object>
        {
            ["sub"] = "agent-8",
            ["roles"] = "supervisor",
        }), CancellationToken.None)).Agent;

        Assert.True(principal!.IsSupervisor);
        Assert.Null(principal.Team);
    }

    [Fact]
    public async Task Expired_tokens_are_refused_by_the_injected_clock()
    {
        var token = Token(lifetime: TimeSpan.FromMinutes(10));
        var authenticator = Authenticator();
        Assert.NotNull((await authenticator.AuthenticateAsync("Bearer " + token, CancellationToken.None)).Agent);

        _time.Advance(TimeSpan.FromMinutes(12));

        Assert.Same(AgentAuthentication.Unauthenticated, await authenticator.AuthenticateAsync("Bearer " + token, CancellationToken.None));
    }

    [Fact]
    public async Task Tokens_with_another_key_issuer_or_audience_or_without_sub_are_refused()
    {
        var authenticator = Authenticator();

        Assert.Same(AgentAuthentication.Unauthenticated, await authenticator.AuthenticateAsync("Bearer " + Token(key: new byte[32]), CancellationToken.None));
        Assert.Same(AgentAuthentication.Unauthenticated, await authenticator.AuthenticateAsync("Bearer " + Token(issuer: "someone"), CancellationToken.None));
        Assert.Same(AgentAuthentication.Unauthenticated, await authenticator.AuthenticateAsync("Bearer " + Token(audience: "other-api"), CancellationToken.None));
        Assert.Same(AgentAuthentication.Unauthenticated, await authenticator.AuthenticateAsync(
            "Bearer " + Token(new Dictionary<string, object> { ["team"] = "retail", ["roles"] = "agent" }), CancellationToken.None));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Basic YWdlbnQ6cGFzcw==")]
    [InlineData("Bearer not.a.jwt")]
    [InlineData("Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJhZ2VudC03IiwiaXNzIjoibG9jYWwtZGV2IiwiYXVkIjoib3RwLXNlc3Npb25zIiwiZXhwIjo0MTAyNDQ0ODAwfQ.")]
    public async Task Missing_malformed_and_unsigned_tokens_are_refused(string? header) =>
        Assert.Same(AgentAuthentication.Unauthenticated, await Authenticator().AuthenticateAsync(header, CancellationToken.None));

    [Fact]
    public async Task Entra_a_delegated_token_with_access_as_user_and_a_role_is_the_agent_of_its_oid_and_team_claim()
    {
        var result = await EntraAuthenticator().AuthenticateAsync(EntraToken(new Dictionary<string, object>
        {
            ["oid"] = "9f0c0a6e-oid", ["sub"] = "per-app-sub", ["scp"] = "User.Read access_as_user", ["roles"] = new[] { "agent" },
            ["extn.team"] = "retail", ["team"] = "business",
        }), CancellationToken.None);

        Assert.Equal(("9f0c0a6e-oid", "retail"), (result.Agent?.Subject, result.Agent?.Team));
    }

    [Fact]
    public async Task Entra_a_delegated_token_without_access_as_user_is_refused_as_no_agent()
    {
        var result = await EntraAuthenticator().AuthenticateAsync(EntraToken(new Dictionary<string, object>
        {
            ["oid"] = "9f0c0a6e-oid", ["scp"] = "User.Read access_as_admin", ["roles"] = new[] { "admin" }, ["extn.team"] = "retail",
        }), CancellationToken.None);

        Assert.Null(result.Agent);
        Assert.Contains("access_as_user", result.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entra_an_app_only_token_is_an_agent_with_a_role_and_no_agent_without_one()
    {
        var authenticator = EntraAuthenticator();

        var withRole = await authenticator.AuthenticateAsync(EntraToken(new Dictionary<string, object>
        {
            ["oid"] = "app-sp-oid", ["roles"] = "agent", ["extn.team"] = "retail",
        }), CancellationToken.None);
        var withoutRole = await authenticator.AuthenticateAsync(EntraToken(new Dictionary<string, object>
        {
            ["oid"] = "other-app-sp-oid", ["extn.team"] = "retail",
        }), CancellationToken.None);

        Assert.Equal("app-sp-oid", withRole.Agent?.Subject);
        Assert.Null(withoutRole.Agent);
        Assert.NotNull(withoutRole.Refusal);
    }

    [Fact]
    public async Task Entra_a_token_without_oid_is_unauthenticated_even_with_a_sub()
    {
        var result = await EntraAuthenticator().AuthenticateAsync(EntraToken(new Dictionary<string, object>
        {
            ["sub"] = "per-app-sub", ["scp"] = "access_as_user", ["roles"] = "agent",
        }), CancellationToken.None);

        Assert.Same(AgentAuthentication.Unauthenticated, result);
    }

    [Fact]
    public async Task Entra_the_team_comes_from_the_configured_claim_only()
    {
        var claims = new Dictionary<string, object> { ["oid"] = "o-1", ["roles"] = "agent", ["team"] = "business", ["extn.team"] = "retail" };

        Assert.Equal("retail", (await EntraAuthenticator("extn.team").AuthenticateAsync(EntraToken(claims), CancellationToken.None)).Agent?.Team);
        Assert.Equal("business", (await EntraAuthenticator("team").AuthenticateAsync(EntraToken(claims), CancellationToken.None)).Agent?.Team);
        Assert.Null((await EntraAuthenticator("extension_team").AuthenticateAsync(EntraToken(claims), CancellationToken.None)).Agent?.Team);
    }

    [Fact]
    public async Task Entra_a_token_signed_with_an_unpublished_key_or_for_another_audience_is_unauthenticated()
    {
        var claims = new Dictionary<string, object> { ["oid"] = "o-1", ["roles"] = "agent" };
        var authenticator = EntraAuthenticator();

        Assert.Same(AgentAuthentication.Unauthenticated, await authenticator.AuthenticateAsync(EntraToken(claims, _tenant.Foreign), CancellationToken.None));
        Assert.Same(AgentAuthentication.Unauthenticated, await authenticator.AuthenticateAsync(
            "Bearer " + _tenant.Token(claims, _time.GetUtcNow().UtcDateTime, "another-api"), CancellationToken.None));
        Assert.NotNull((await authenticator.AuthenticateAsync(EntraToken(claims), CancellationToken.None)).Agent);
    }

    [Fact]
    public void Settings_need_a_signing_key_of_32_bytes_or_an_authority()
    {
        static List<System.ComponentModel.DataAnnotations.ValidationResult> Errors(AgentAuthOptions o)
        {
            var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
            System.ComponentModel.DataAnnotations.Validator.TryValidateObject(o, new(o), results, validateAllProperties: true);
            return results;
        }

        Assert.NotEmpty(Errors(new AgentAuthOptions()));
        Assert.NotEmpty(Errors(new AgentAuthOptions { SigningKey = Convert.ToBase64String(new byte[16]) }));
        Assert.Empty(Errors(new AgentAuthOptions { SigningKey = Convert.ToBase64String(new byte[32]) }));
        Assert.Empty(Errors(new AgentAuthOptions { Authority = new Uri("https://login.microsoftonline.com/tenant/v2.0") }));
        Assert.NotEmpty(Errors(new AgentAuthOptions { Authority = new Uri("https://login.microsoftonline.com/tenant/v2.0"), TeamClaim = "" }));
    }
}
