using OtpSessions.Core.Passkeys;

namespace OtpSessions.Testing.InMemory;

/// <summary><see cref="IPasskeyChallengeStore"/> in memory: consuming removes the challenge, so only one caller gets it.</summary>
public sealed class InMemoryPasskeyChallengeStore : IPasskeyChallengeStore
{
    private readonly InMemoryVersionedRecords<(string Holder, PasskeyCeremony Ceremony, string Value), PasskeyChallenge> _records = new();

    public Task SaveAsync(PasskeyChallenge challenge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        _records.Write(Key(challenge), challenge, null);
        return Task.CompletedTask;
    }

    public Task<bool> ConsumeAsync(PasskeyChallenge challenge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return Task.FromResult(_records.Remove(Key(challenge), null));
    }

    /// <summary>How many challenges are waiting (issued, not consumed).</summary>
    public int Count => _records.All().Count;

    private static (string, PasskeyCeremony, string) Key(PasskeyChallenge c) => (c.Holder, c.Ceremony, c.Value);
}
