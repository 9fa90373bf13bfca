using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OtpSessions.Infrastructure.Auth;

namespace OtpSessions.Infrastructure.Tests;

public sealed class JwtAgentAuthenticatorTests
{
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 5, 6, 7, 0, 0, TimeSpan.Zero));

    private JwtAgentAuthenticator Authenticator() => new(Options.Create(new AgentAuthOptions
    {
        Issuer = "local-dev",
        Audience = "otp-sessions",
        SigningKey = Convert.ToBase64String(Key),
    }), _time, NullLogger<JwtAgentAuthenticator>.Instance);

    private string Token(Dictionary<string, object>? claims = null, string issuer = "local-dev", string audience = "otp-sessions", byte[]? key = null,
        TimeSpan? lifetime = null)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims ?? new Dictionary<string, object> { ["sub"] = "agent-7" },
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromHours(1)),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? Key), SecurityAlgorithms.HmacSha256),
        });
    }

    [Fact]
    public async Task A_valid_token_gives_the_agent_with_team_and_roles()
    {
        var principal = await Authenticator().AuthenticateAsync("Bearer " + Token(new Dictionary<string, object>
        {
            ["sub"] = "agent-7",
            ["team"] = "retail",
            ["roles"] = new[] { "supervisor", "auditor" },
        }), CancellationToken.None);

        Assert.NotNull(principal);
        Assert.Equal("agent-7", principal.Subject);
        Assert.Equal("retail", principal.Team);
        Assert.True(principal.IsSupervisor);
        Assert.Equal(["supervisor", "auditor"], principal.Roles);
    }

    [Fact]
    public async Task The_team_may_come_from_the_entra_directory_extension_claim()
    {
        var principal = await Authenticator().AuthenticateAsync("Bearer " + Token(new Dictionary<string, object>
        {
            ["sub"] = "agent-9",
            ["extn.team"] = "business",
        }), CancellationToken.None);

        Assert.Equal("business", principal?.Team);
    }

    [Fact]
    public async Task A_single_role_as_a_string_counts_too()
    {
        var principal = await Authenticator().AuthenticateAsync("bearer " + Token(new Dictionary<string, object>
        {
            ["sub"] = "agent-8",
            ["roles"] = "supervisor",
        }), CancellationToken.None);

        Assert.True(principal!.IsSupervisor);
        Assert.Null(principal.Team);
    }

    [Fact]
    public async Task Expired_tokens_are_refused_by_the_injected_clock()
    {
        var token = Token(lifetime: TimeSpan.FromMinutes(10));
        var authenticator = Authenticator();
        Assert.NotNull(await authenticator.AuthenticateAsync("Bearer " + token, CancellationToken.None));

        _time.Advance(TimeSpan.FromMinutes(12));

        Assert.Null(await authenticator.AuthenticateAsync("Bearer " + token, CancellationToken.None));
    }

    [Fact]
    public async Task Tokens_with_another_key_issuer_or_audience_or_without_sub_are_refused()
    {
        var authenticator = Authenticator();

        Assert.Null(await authenticator.AuthenticateAsync("Bearer " + Token(key: new byte[32]), CancellationToken.None));
        Assert.Null(await authenticator.AuthenticateAsync("Bearer " + Token(issuer: "someone"), CancellationToken.None));
        Assert.Null(await authenticator.AuthenticateAsync("Bearer " + Token(audience: "other-api"), CancellationToken.None));
        Assert.Null(await authenticator.AuthenticateAsync("Bearer " + Token(new Dictionary<string, object> { ["team"] = "retail" }), CancellationToken.None));
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
        Assert.Null(await Authenticator().AuthenticateAsync(header, CancellationToken.None));

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
    }
}
