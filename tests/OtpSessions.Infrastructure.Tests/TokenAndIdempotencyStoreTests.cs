using OtpSessions.Core.Agents;
using OtpSessions.Core.Sessions;
using OtpSessions.Infrastructure.Sessions;

namespace OtpSessions.Infrastructure.Tests;

[Collection(StorageCollection.Name)]
public sealed class IdempotencyStoreTests(StorageFixture storage)
{
    private readonly SessionTestApp _app = new(storage);

    private IdempotencyRecord Claim(string agent, string key) =>
        new(agent, key, SessionIds.NewSessionId(), _app.Time.GetUtcNow() + SessionService.IdempotencyWindow);

    [Fact]
    public async Task The_first_claim_wins_and_later_ones_get_the_first_record_with_its_response()
    {
        var agent = "agent/" + Guid.NewGuid();
        var first = await _app.Idempotency.ClaimAsync(Claim(agent, "key#1?"), CancellationToken.None);
        Assert.True(first.Won);
        await _app.Idempotency.CompleteAsync(first.Record, """{"sessionId":"x"}""", CancellationToken.None);

        var second = await _app.Idempotency.ClaimAsync(Claim(agent, "key#1?"), CancellationToken.None);

        Assert.False(second.Won);
        Assert.Equal(first.Record.SessionId, second.Record.SessionId);
        Assert.Equal("""{"sessionId":"x"}""", second.Record.ResponseJson);
    }

    [Fact]
    public async Task Of_many_concurrent_claims_for_one_key_exactly_one_wins()
    {
        var agent = "agent-" + Guid.NewGuid();

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _app.Idempotency.ClaimAsync(Claim(agent, "same"), CancellationToken.None)));

        var winner = Assert.Single(claims, c => c.Won);
        Assert.All(claims.Where(c => !c.Won), c => Assert.Equal(winner.Record.SessionId, c.Record.SessionId));
    }

    [Fact]
    public async Task Keys_are_per_agent()
    {
        var key = "k-" + Guid.NewGuid();

        Assert.True((await _app.Idempotency.ClaimAsync(Claim("agent-a-" + key, key), CancellationToken.None)).Won);
        Assert.True((await _app.Idempotency.ClaimAsync(Claim("agent-b-" + key, key), CancellationToken.None)).Won);
    }

    [Fact]
    public async Task A_key_older_than_24_hours_is_taken_over_by_a_new_request()
    {
        var agent = "agent-" + Guid.NewGuid();
        var first = await _app.Idempotency.ClaimAsync(Claim(agent, "k"), CancellationToken.None);

        _app.Time.Advance(SessionService.IdempotencyWindow);
        var later = await _app.Idempotency.ClaimAsync(Claim(agent, "k"), CancellationToken.None);

        Assert.True(later.Won);
        Assert.NotEqual(first.Record.SessionId, later.Record.SessionId);
    }

    [Fact]
    public async Task Completing_a_claim_whose_row_is_gone_or_was_taken_over_neither_fails_nor_overwrites()
    {
        // Found by the fault harness: a session committed, then its claim row lost with storage, made the start a 500.
        var agent = "agent-" + Guid.NewGuid();
        var gone = await _app.Idempotency.ClaimAsync(Claim(agent, "gone"), CancellationToken.None);
        await _app.Idempotency.ReleaseAsync(gone.Record, CancellationToken.None);
        var stale = await _app.Idempotency.ClaimAsync(Claim(agent, "taken"), CancellationToken.None);
        var winner = await _app.Idempotency.TakeOverAsync(stale.Record, Claim(agent, "taken"), CancellationToken.None);

        await _app.Idempotency.CompleteAsync(gone.Record, """{"sessionId":"late"}""", CancellationToken.None);
        await _app.Idempotency.CompleteAsync(stale.Record, """{"sessionId":"late"}""", CancellationToken.None);

        Assert.True(winner.Won);
        Assert.True((await _app.Idempotency.ClaimAsync(Claim(agent, "gone"), CancellationToken.None)).Won);
        var current = await _app.Idempotency.ClaimAsync(Claim(agent, "taken"), CancellationToken.None);
        Assert.False(current.Won);
        Assert.Equal(winner.Record.SessionId, current.Record.SessionId);
        Assert.Null(current.Record.ResponseJson);
    }

    [Fact]
    public async Task A_released_key_can_be_claimed_again()
    {
        var agent = "agent-" + Guid.NewGuid();
        var first = await _app.Idempotency.ClaimAsync(Claim(agent, "k"), CancellationToken.None);

        await _app.Idempotency.ReleaseAsync(first.Record, CancellationToken.None);

        Assert.True((await _app.Idempotency.ClaimAsync(Claim(agent, "k"), CancellationToken.None)).Won);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a/b\\c#d?e%f", "a%2Fb%5Cc%23d%3Fe%25f")]
    [InlineData("tab\there", "tab%09here")]
    public void Keys_escape_the_characters_table_storage_forbids(string value, string key) => Assert.Equal(key, TableKeys.Escape(value));
}
