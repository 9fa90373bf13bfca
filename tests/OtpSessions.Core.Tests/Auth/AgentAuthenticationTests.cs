using OtpSessions.Core.Auth;

namespace OtpSessions.Core.Tests.Auth;

public sealed class AgentAuthenticationTests
{
    [Theory]
    [InlineData("retail-EU_2")]
    [InlineData("Team 7")]
    [InlineData("crm:42")]
    public void A_team_id_is_a_usable_key(string team) => Assert.True(TeamIds.IsValid(team));

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a%2Fb")]
    [InlineData("a\nb")]
    [InlineData("dana@example.com")]
    [InlineData("team +14155550100")]
    public void A_team_id_that_is_no_usable_key_or_holds_contact_data_is_refused(string team) => Assert.False(TeamIds.IsValid(team));

    [Fact]
    public void A_team_id_is_at_most_128_characters()
    {
        Assert.True(TeamIds.IsValid(new string('t', TeamIds.MaxLength)));
        Assert.False(TeamIds.IsValid(new string('t', TeamIds.MaxLength + 1)));
        Assert.False(TeamIds.IsValid(null));
    }

    [Theory]
    [InlineData("agent")]
    [InlineData("supervisor")]
    [InlineData("admin")]
    public void Each_app_role_makes_a_token_an_agents(string role)
    {
        var agent = new AgentPrincipal("agent-1", "retail", ["auditor", role]);

        Assert.Same(agent, AgentAuthentication.Of(agent).Agent);
    }

    [Theory]
    [InlineData]
    [InlineData("auditor")]
    [InlineData("Agent")]
    public void A_token_without_an_app_role_is_refused(params string[] roles)
    {
        var result = AgentAuthentication.Of(new AgentPrincipal("agent-1", "retail", roles));

        Assert.Null(result.Agent);
        Assert.Contains("app roles", result.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_whose_team_is_no_team_id_is_refused_and_one_without_a_team_is_an_agent()
    {
        Assert.NotNull(AgentAuthentication.Of(new AgentPrincipal("agent-1", "a/b", ["agent"])).Refusal);
        Assert.NotNull(AgentAuthentication.Of(new AgentPrincipal("agent-1", null, ["agent"])).Agent);
    }

    [Fact]
    public void An_admin_administers_only_the_team_of_its_token()
    {
        Assert.True(new AgentPrincipal("a", "retail", ["admin"]).IsAdminOf("retail"));
        Assert.False(new AgentPrincipal("a", "retail", ["admin"]).IsAdminOf("business"));
        Assert.False(new AgentPrincipal("a", null, ["admin"]).IsAdminOf("retail"));
        Assert.False(new AgentPrincipal("a", "retail", ["supervisor"]).IsAdminOf("retail"));
    }
}
