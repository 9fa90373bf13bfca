using OtpSessions.Core.Deliveries;
using Xunit;

namespace OtpSessions.Testing;

/// <summary>
/// What every <see cref="ISentMessageStore"/> does, run against the Table store on Azurite (Infrastructure.Tests) and the
/// in-memory store (Core.Tests): a record is found by its provider message id, recording it again replaces it, and an
/// expired record is absent.
/// </summary>
public abstract class SentMessageStoreContract
{
    /// <summary>The store under test; a fresh provider message id per test keeps tests on a shared table apart.</summary>
    protected abstract ISentMessageStore Store { get; }

    /// <summary>The store's clock.</summary>
    protected abstract TimeProvider Time { get; }

    /// <summary>Moves the store's clock to <paramref name="time"/>.</summary>
    protected abstract void SetTime(DateTimeOffset time);

    private static readonly CancellationToken None = CancellationToken.None;

    private readonly string _messageId = "msg-" + Guid.NewGuid().ToString("N");

    private SentMessage Message(string sendId = "send-1") =>
        new(_messageId, "s_" + new string('a', 32), "p_1", sendId, Time.GetUtcNow().AddDays(2));

    [Fact]
    public async Task A_recorded_message_is_found_by_its_provider_id_and_no_other()
    {
        var message = Message();
        await Store.RecordAsync(message, None);

        Assert.Equal(message, await Store.FindAsync(_messageId, None));
        Assert.Null(await Store.FindAsync(_messageId + "-other", None));
    }

    [Fact]
    public async Task Recording_a_message_again_replaces_it()
    {
        await Store.RecordAsync(Message("send-1"), None);
        var again = Message("send-2");

        await Store.RecordAsync(again, None);

        Assert.Equal(again, await Store.FindAsync(_messageId, None));
    }

    [Fact]
    public async Task An_expired_message_is_absent()
    {
        var message = Message();
        await Store.RecordAsync(message, None);

        SetTime(message.ExpiresAt.AddSeconds(-1));
        Assert.NotNull(await Store.FindAsync(_messageId, None));
        SetTime(message.ExpiresAt.AddSeconds(1));
        Assert.Null(await Store.FindAsync(_messageId, None));
    }
}
