using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OtpSessions.Core.Auth;
using OtpSessions.Core.Insights;
using OtpSessions.Infrastructure.Insights;

namespace OtpSessions.Infrastructure.Tests;

/// <summary>
/// The projection fed by the real session store's commits and kept on the Table store (Azurite): what the services
/// commit reaches the feed with its session's owner, and a projection step's figures answer the team and the agent.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class InsightsProjectionTests(StorageFixture storage)
{
    private readonly SessionTestApp _app = new(storage);
    private readonly TableInsightsStore _store = new(storage.Tables);

    [Fact]
    public async Task A_started_and_invited_session_counts_for_its_agent_and_team_after_one_projection_step()
    {
        var team = "insights-" + Guid.NewGuid().ToString("N");
        var agent = SessionTestApp.Agent("agent-" + Guid.NewGuid().ToString("N"), team);
        var view = await _app.StartAsync(agent);
        foreach (var message in (await _app.DrainInvitationsAsync()).Where(m => m.SessionId == view.SessionId))
        {
            await _app.Delivery.SendAsync(message, CancellationToken.None);
        }
        var projector = new InsightsProjector(_store, _app.InsightsFeed, Options.Create(new InsightsOptions()), NullLogger<InsightsProjector>.Instance);

        await projector.ProjectPendingAsync(CancellationToken.None);

        var service = new InsightsService(_store, _app.Time);
        var supervisor = new AgentPrincipal("sup", team, [AgentPrincipal.SupervisorRole]);
        var teamView = (await service.GetAsync(supervisor, null, null, CancellationToken.None)).Value!;
        var own = (await service.GetAsync(agent, null, null, CancellationToken.None)).Value!;
        var other = (await service.GetAsync(SessionTestApp.Agent("someone-else", team), null, null, CancellationToken.None)).Value!;
        Assert.Equal(new InsightsFunnel(2, 0, 0, 0), teamView.Funnel);
        Assert.Equal(2, teamView.Delivery.Sms.Sent + teamView.Delivery.Email.Sent);
        Assert.Equal(new InsightsFunnel(2, 0, 0, 0), own.Funnel);
        Assert.Equal(new InsightsFunnel(0, 0, 0, 0), other.Funnel);
        Assert.Equal(0, _app.InsightsFeed.Count);
    }
}
