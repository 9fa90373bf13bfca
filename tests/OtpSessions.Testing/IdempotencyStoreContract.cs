using OtpSessions.Core.Sessions;
using Xunit;

namespace OtpSessions.Testing;

/// <summary>
/// What every <see cref="IIdempotencyStore"/> does, run against the Table store on Azurite (Infrastructure.Tests) and the
/// in-memory store (Core.Tests): the insert is the claim, a live key answers its row, an expired one is taken over, and
/// every write names the version it replaces.
/// </summary>
public abstract class IdempotencyStoreContract
{
    /// <summary>The store under test; a fresh agent id per test keeps tests on a shared store apart.</summary>
    protected abstract IIdempotencyStore Store { get; }

    /// <summary>The store's clock.</summary>
    protected abstract TimeProvider Time { get; }

    /// <summary>Moves the store's clock to <paramref name="time"/>.</summary>
    protected abstract void SetTime(DateTimeOffset time);

    private static readonly CancellationToken None = CancellationToken.None;

    private readonly string _agentId = "agent-" + Guid.NewGuid().ToString("N");

    private IdempotencyRecord Claim(string sessionId, string key = "key-1", string? agentId = null) =>
        new(agentId ?? _agentId, key, sessionId, Time.GetUtcNow().AddHours(24)) { BodyHash = "hash-" + sessionId, ClaimedAt = Time.GetUtcNow() };

    [Fact]
    public async Task Of_two_claims_on_one_key_exactly_one_wins_and_the_other_gets_the_winners_row()
    {
        var claims = await Task.WhenAll(Store.ClaimAsync(Claim("s-a"), None), Store.ClaimAsync(Claim("s-b"), None));

        var won = Assert.Single(claims, c => c.Won);
        var lost = Assert.Single(claims, c => !c.Won);
        Assert.NotNull(won.Record.Version);
        Assert.Equal(won.Record.SessionId, lost.Record.SessionId);
        Assert.Equal(won.Record.BodyHash, lost.Record.BodyHash);
        Assert.Equal(won.Record.Version, lost.Record.Version);
    }

    [Fact]
    public async Task Keys_are_per_agent()
    {
        var mine = await Store.ClaimAsync(Claim("s-a"), None);
        var theirs = await Store.ClaimAsync(Claim("s-b", agentId: _agentId + "-other"), None);

        Assert.True(mine.Won);
        Assert.True(theirs.Won);
        Assert.Equal("s-b", theirs.Record.SessionId);
    }

    [Fact]
    public async Task A_key_past_its_expiry_is_taken_over_by_the_next_claim()
    {
        var first = await Store.ClaimAsync(Claim("s-a"), None);
        SetTime(first.Record.ExpiresAt.AddSeconds(-1));
        Assert.False((await Store.ClaimAsync(Claim("s-b"), None)).Won);

        SetTime(first.Record.ExpiresAt.AddSeconds(1));
        var next = await Store.ClaimAsync(Claim("s-c"), None);

        Assert.True(next.Won);
        Assert.NotEqual(first.Record.Version, next.Record.Version);
        Assert.Equal("s-c", (await Store.ClaimAsync(Claim("s-d"), None)).Record.SessionId);
    }

    [Fact]
    public async Task A_completed_claim_answers_its_response_and_a_complete_at_an_old_version_writes_nothing()
    {
        var claimed = (await Store.ClaimAsync(Claim("s-a"), None)).Record;
        await Store.CompleteAsync(claimed, """{"sessionId":"s-a"}""", None);

        var answered = await Store.ClaimAsync(Claim("s-b"), None);
        Assert.False(answered.Won);
        Assert.Equal("""{"sessionId":"s-a"}""", answered.Record.ResponseJson);
        Assert.NotEqual(claimed.Version, answered.Record.Version);

        // The first claim's version is old now: completing with it again is no error and changes nothing.
        await Store.CompleteAsync(claimed, """{"sessionId":"stale"}""", None);
        var after = await Store.ClaimAsync(Claim("s-c"), None);
        Assert.Equal("""{"sessionId":"s-a"}""", after.Record.ResponseJson);
        Assert.Equal(answered.Record.Version, after.Record.Version);
    }

    [Fact]
    public async Task Of_two_take_overs_of_one_row_exactly_one_wins_and_the_loser_writes_nothing()
    {
        var stale = (await Store.ClaimAsync(Claim("s-a"), None)).Record;

        var first = await Store.TakeOverAsync(stale, Claim("s-b"), None);
        var second = await Store.TakeOverAsync(stale, Claim("s-c"), None);

        Assert.True(first.Won);
        Assert.False(second.Won);
        var held = await Store.ClaimAsync(Claim("s-d"), None);
        Assert.False(held.Won);
        Assert.Equal("s-b", held.Record.SessionId);
        Assert.Equal(first.Record.Version, held.Record.Version);
    }

    [Fact]
    public async Task A_released_key_can_be_claimed_again_but_a_release_at_an_old_version_keeps_the_row()
    {
        var stale = (await Store.ClaimAsync(Claim("s-a"), None)).Record;
        var current = (await Store.TakeOverAsync(stale, Claim("s-b"), None)).Record;

        await Store.ReleaseAsync(stale, None);
        Assert.Equal("s-b", (await Store.ClaimAsync(Claim("s-x"), None)).Record.SessionId);

        await Store.ReleaseAsync(current, None);
        var again = await Store.ClaimAsync(Claim("s-c"), None);
        Assert.True(again.Won);
        Assert.Equal("s-c", again.Record.SessionId);
    }
}
