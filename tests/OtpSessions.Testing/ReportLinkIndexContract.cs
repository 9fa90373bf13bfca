using OtpSessions.Core.Common;
using OtpSessions.Core.Sessions;
using Xunit;

namespace OtpSessions.Testing;

/// <summary>
/// What every <see cref="IReportLinkIndex"/> does, run against the Table index on Azurite (Infrastructure.Tests) and the
/// in-memory one (Core.Tests): a link is found by its token hash and no other, putting it again replaces it, and an
/// expired link is absent.
/// </summary>
public abstract class ReportLinkIndexContract
{
    /// <summary>The index under test; fresh token hashes per test keep tests on a shared table apart.</summary>
    protected abstract IReportLinkIndex Index { get; }

    protected abstract TimeProvider Time { get; }

    protected abstract void SetTime(DateTimeOffset time);

    private static readonly CancellationToken None = CancellationToken.None;

    private readonly string _sessionId = SessionIds.NewSessionId();

    private ReportLink Link(Channel channel = Channel.Sms, string? participantId = null) =>
        new(TokenFactory.Hash(Guid.NewGuid().ToString("N")), _sessionId, participantId ?? SessionIds.NewParticipantId(), channel,
            Time.GetUtcNow().AddDays(30));

    [Fact]
    public async Task Links_put_together_are_each_found_by_their_token_hash_and_no_other()
    {
        var sms = Link(Channel.Sms);
        var email = Link(Channel.Email, sms.ParticipantId);
        await Index.PutAsync([sms, email], None);

        Assert.Equal(sms, await Index.FindAsync(sms.TokenHash, None));
        Assert.Equal(email, await Index.FindAsync(email.TokenHash, None));
        Assert.Null(await Index.FindAsync(TokenFactory.Hash("unknown-" + Guid.NewGuid()), None));
    }

    [Fact]
    public async Task Putting_a_link_again_replaces_it()
    {
        var link = Link();
        await Index.PutAsync([link], None);
        var again = link with { Channel = Channel.Email };

        await Index.PutAsync([again], None);

        Assert.Equal(again, await Index.FindAsync(link.TokenHash, None));
    }

    [Fact]
    public async Task An_expired_link_is_absent()
    {
        var link = Link();
        await Index.PutAsync([link], None);

        SetTime(link.ExpiresAt.AddSeconds(-1));
        Assert.NotNull(await Index.FindAsync(link.TokenHash, None));
        SetTime(link.ExpiresAt.AddSeconds(1));
        Assert.Null(await Index.FindAsync(link.TokenHash, None));
    }
}
