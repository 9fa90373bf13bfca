using OtpSessions.Core.Sessions;
using Xunit;

namespace OtpSessions.Testing;

/// <summary>
/// What every <see cref="ISessionIndex"/> does, run against the Table index on Azurite (Infrastructure.Tests) and the
/// in-memory index (Core.Tests): summaries under their agent and team, newest first, live ones only, filters, upserts and
/// pages whose tokens the index itself gave out.
/// </summary>
public abstract class SessionIndexContract
{
    /// <summary>The index under test; a fresh agent and team per test keep tests on a shared table apart.</summary>
    protected abstract ISessionIndex Index { get; }

    /// <summary>The index's clock.</summary>
    protected abstract TimeProvider Time { get; }

    /// <summary>Moves the index's clock to <paramref name="time"/>.</summary>
    protected abstract void SetTime(DateTimeOffset time);

    private static readonly CancellationToken None = CancellationToken.None;

    private readonly string _agentId = "agent-" + Guid.NewGuid().ToString("N");

    private readonly string _team = "team-" + Guid.NewGuid().ToString("N");

    private SessionSummary Summary(int minutesAgo, string? reference = null, SessionStatus status = SessionStatus.Active, string? agentId = null,
        string? team = "") =>
        new()
        {
            SessionId = "s_" + Guid.NewGuid().ToString("N"),
            Status = status,
            Reference = reference,
            CreatedAt = Time.GetUtcNow().AddMinutes(-minutesAgo),
            ExpiresAt = Time.GetUtcNow().AddMinutes(60 - minutesAgo),
            AgentId = agentId ?? _agentId,
            Team = team == "" ? _team : team,
            Participants = 2,
        };

    private async Task<SessionPage> ListAsync(SessionOwner owner, SessionStatus? status = null, string? reference = null, int limit = 50,
        string? after = null) =>
        (await Index.ListAsync(new SessionQuery(owner, status, reference, limit, after), None))!;

    private async Task PutAsync(params SessionSummary[] summaries)
    {
        foreach (var summary in summaries)
        {
            await Index.PutAsync(summary, None);
        }
    }

    [Fact]
    public async Task An_agent_lists_its_own_sessions_and_a_team_its_members_sessions_newest_first()
    {
        var (older, newer) = (Summary(10), Summary(5));
        var colleague = Summary(7, agentId: _agentId + "-colleague");
        var otherTeam = Summary(6, agentId: _agentId + "-other", team: _team + "-other");
        var noTeam = Summary(3, team: null);
        await PutAsync(older, colleague, newer, otherTeam, noTeam);

        var mine = await ListAsync(SessionOwner.OfAgent(_agentId));
        var team = await ListAsync(SessionOwner.OfTeam(_team));

        Assert.Equal([noTeam, newer, older], mine.Sessions);
        Assert.Equal([newer, colleague, older], team.Sessions);
        Assert.Null(mine.ContinuationToken);
    }

    [Fact]
    public async Task A_put_replaces_the_summary_of_that_session()
    {
        var summary = Summary(5);
        await PutAsync(summary);
        var closed = summary with { Status = SessionStatus.Closed, Participants = 1, ClosedAt = Time.GetUtcNow() };

        await PutAsync(closed);

        Assert.Equal([closed], (await ListAsync(SessionOwner.OfAgent(_agentId))).Sessions);
        Assert.Equal([closed], (await ListAsync(SessionOwner.OfTeam(_team))).Sessions);
    }

    [Fact]
    public async Task Status_and_reference_filter_the_listing()
    {
        var (a, b, c) = (Summary(3, "ref-1"), Summary(2, "ref-2"), Summary(1, "ref-1", SessionStatus.Closed));
        await PutAsync(a, b, c);

        Assert.Equal([c, a], (await ListAsync(SessionOwner.OfAgent(_agentId), reference: "ref-1")).Sessions);
        Assert.Equal([b, a], (await ListAsync(SessionOwner.OfAgent(_agentId), status: SessionStatus.Active)).Sessions);
        Assert.Equal([a], (await ListAsync(SessionOwner.OfTeam(_team), SessionStatus.Active, "ref-1")).Sessions);
    }

    [Fact]
    public async Task Expired_sessions_are_not_listed()
    {
        var (shortLived, longLived) = (Summary(50), Summary(10));
        await PutAsync(shortLived, longLived);

        SetTime(shortLived.ExpiresAt.AddSeconds(1));

        Assert.Equal([longLived], (await ListAsync(SessionOwner.OfAgent(_agentId))).Sessions);
    }

    [Fact]
    public async Task Pages_continue_with_the_token_given_and_a_token_not_given_out_is_refused()
    {
        var (first, second, third) = (Summary(1), Summary(2), Summary(3));
        await PutAsync(third, first, second);

        var page = await ListAsync(SessionOwner.OfAgent(_agentId), limit: 2);
        Assert.Equal([first, second], page.Sessions);
        Assert.NotNull(page.ContinuationToken);
        var next = await ListAsync(SessionOwner.OfAgent(_agentId), limit: 2, after: page.ContinuationToken);
        Assert.Equal([third], next.Sessions);
        Assert.Null(next.ContinuationToken);

        Assert.Null(await Index.ListAsync(new SessionQuery(SessionOwner.OfAgent(_agentId), null, null, 2, "not-a-token"), None));
    }
}
