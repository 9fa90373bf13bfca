using System.Net;
using OtpSessions.Testing;
using Xunit;
using static OtpSessions.EndToEnd.Tests.CustomerTestKit;

namespace OtpSessions.EndToEnd.Tests;

/// <summary>
/// <c>GET /api/insights</c> over HTTP on the local host: a real journey (invited by email, code by SMS, verified) shows
/// in the agent's and its supervisor's figures within a few seconds (the projection runs on the app's own schedule), an
/// agent of the same team sees only its own, the rebuild command gives the same figures again, and a bad range is a 400 problem.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class InsightsEndToEndTests(AppFixture app)
{
    private readonly CustomerTestKit _kit = new(app);

    private static string Today(AppFixture app) => app.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_authenticated_journey_shows_in_the_agents_and_the_teams_figures_and_not_in_another_agents()
    {
        var team = "ins-" + Guid.NewGuid().ToString("N")[..10];
        var agentId = NewAgentId();
        using var agent = app.Agent(agentId, team);
        using var supervisor = app.Agent(NewAgentId(), team, "supervisor");
        using var colleague = app.Agent(NewAgentId(), team);
        var (email, phone) = (NewEmail("dana"), NewPhone());
        await StartAsync(agent,
            Person("primary", "Dana Cole", Contact("email", email), Contact("sms", phone)),
            Person("cosigner", "Lee Cole", Contact("email", NewEmail("lee"))));
        var token = await _kit.InviteTokenAsync(email);
        await JsonAsync(await _kit.OpenAsync(token), HttpStatusCode.OK);
        await JsonAsync(await _kit.RequestOtpAsync(token), HttpStatusCode.OK);
        var code = CodeIn(Assert.Single(await app.SettledMessagesToAsync(phone)));
        await JsonAsync(await _kit.VerifyAsync(token, code), HttpStatusCode.OK);

        var path = $"/api/insights?from={Today(app)}&to={Today(app)}";
        var own = await Poll.UntilAsync(async () => await JsonAsync(await agent.GetAsync(path), HttpStatusCode.OK),
            view => view["funnel"]!["authenticated"]!.GetValue<int>() == 1, "the agent's figures to show the authentication");

        Assert.Equal(Today(app), Text(own["from"]));
        Assert.Equal(team, Text(own["team"]));
        Assert.Equal("""{"invited":2,"opened":1,"otpPage":1,"authenticated":1}""", own["funnel"]!.ToJsonString());
        Assert.Equal(0.5, own["conversionRate"]!.GetValue<double>());
        Assert.Equal(1, own["delivery"]!["sms"]!["sent"]!.GetValue<int>() + own["delivery"]!["sms"]!["delivered"]!.GetValue<int>());
        Assert.Equal(2, own["delivery"]!["email"]!["sent"]!.GetValue<int>() + own["delivery"]!["email"]!["delivered"]!.GetValue<int>());
        Assert.Equal("US", Text(own["byCountry"]![0]!["country"]));
        Assert.NotNull(own["timeToAuthenticateSeconds"]!["p50"]);
        var teamView = await JsonAsync(await supervisor.GetAsync(path), HttpStatusCode.OK);
        Assert.Equal(own["funnel"]!.ToJsonString(), teamView["funnel"]!.ToJsonString());
        var other = await JsonAsync(await colleague.GetAsync(path), HttpStatusCode.OK);
        Assert.Equal(0, other["funnel"]!["invited"]!.GetValue<int>());

        // The rebuild command deletes the projection and applies the events the outbox holds (all of them: publishing is off).
        var rebuilt = await JsonAsync(await app.Anonymous.PostAsync($"/api/operations/insights/rebuild?code={app.Setting("LocalHost__FunctionKeys__default")}", null), HttpStatusCode.OK);
        Assert.True(rebuilt["events"]!.GetValue<int>() >= 7);
        var afterRebuild = await JsonAsync(await supervisor.GetAsync(path), HttpStatusCode.OK);
        Assert.Equal(teamView.ToJsonString(), afterRebuild.ToJsonString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous.PostAsync("/api/operations/insights/rebuild", null)).StatusCode);
    }

    [Theory]
    [InlineData("from=2030-02-30")]
    [InlineData("from=yesterday")]
    [InlineData("from=2030-03-05&to=2030-03-04")]
    [InlineData("from=2030-01-01&to=2030-06-01")]
    [InlineData("from=2030-01-01&from=2030-01-02")]
    public async Task A_bad_range_is_a_400_problem_with_invalid_date_range(string query)
    {
        using var agent = app.Agent(NewAgentId(), "retail");

        await ProblemAsync(await agent.GetAsync("/api/insights?" + query), HttpStatusCode.BadRequest, "invalid_date_range");
    }

    [Fact]
    public async Task Without_a_range_the_answer_covers_the_last_seven_days_up_to_today()
    {
        using var agent = app.Agent(NewAgentId(), "retail");

        var view = await JsonAsync(await agent.GetAsync("/api/insights"), HttpStatusCode.OK);

        Assert.Equal(Today(app), Text(view["to"]));
        Assert.Equal(7, view["byDay"]!.AsArray().Count);
        Assert.Equal(0, view["conversionRate"]!.GetValue<double>());
    }
}
