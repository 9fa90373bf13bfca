using OtpSessions.Core.Common;
using OtpSessions.Core.Passkeys;
using Xunit;

namespace OtpSessions.Testing;

/// <summary>
/// What every <see cref="IPasskeyStore"/> and <see cref="IPasskeyChallengeStore"/> does, run against the Table stores on
/// Azurite (Infrastructure.Tests) and the in-memory ones (Core.Tests): passkeys are kept per owner, an id is stored once,
/// an update is version-checked, deleting one or all of an owner's works; a challenge is consumed once only, by its own
/// holder and ceremony.
/// </summary>
public abstract class PasskeyStoreContract
{
    protected abstract IPasskeyStore Passkeys { get; }

    protected abstract IPasskeyChallengeStore Challenges { get; }

    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly DateTimeOffset Now = new(2030, 3, 4, 9, 0, 0, TimeSpan.Zero);

    private readonly string _owner = "o" + Guid.NewGuid().ToString("N")[..21];

    private Passkey Key(string id, int minutes = 0, string? owner = null) =>
        new(owner ?? _owner, id, [1, 2, 3, (byte)id.Length], 0, Now.AddMinutes(minutes), null);

    [Fact]
    public async Task A_passkey_is_listed_and_found_under_its_owner_only()
    {
        Assert.True(await Passkeys.AddAsync(Key("cred-b", 1), None));
        Assert.True(await Passkeys.AddAsync(Key("cred-a", 0), None));
        var otherOwner = _owner + "x";
        Assert.True(await Passkeys.AddAsync(Key("cred-c", 0, otherOwner), None));

        var list = await Passkeys.ListAsync(_owner, None);

        Assert.Equal(["cred-a", "cred-b"], list.Select(p => p.PasskeyId));
        Assert.All(list, p => Assert.NotNull(p.Version));
        var found = await Passkeys.FindAsync(_owner, "cred-b", None);
        Assert.Equal([1, 2, 3, 6], found!.PublicKey);
        Assert.Equal(Now.AddMinutes(1), found.CreatedAt);
        Assert.Null(await Passkeys.FindAsync(_owner, "cred-c", None));
        Assert.Null(await Passkeys.FindAsync(_owner, "nope", None));
    }

    [Fact]
    public async Task The_same_credential_id_is_stored_once()
    {
        Assert.True(await Passkeys.AddAsync(Key("cred-1"), None));
        Assert.False(await Passkeys.AddAsync(Key("cred-1", 5), None));

        Assert.Single(await Passkeys.ListAsync(_owner, None));
    }

    [Fact]
    public async Task An_update_applies_at_the_version_read_and_refuses_a_stale_one()
    {
        await Passkeys.AddAsync(Key("cred-1"), None);
        var read = (await Passkeys.FindAsync(_owner, "cred-1", None))!;

        await Passkeys.UpdateAsync(read with { SignCount = 7, LastUsedAt = Now.AddMinutes(3) }, None);

        var updated = (await Passkeys.FindAsync(_owner, "cred-1", None))!;
        Assert.Equal(7u, updated.SignCount);
        Assert.Equal(Now.AddMinutes(3), updated.LastUsedAt);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Passkeys.UpdateAsync(read with { SignCount = 8 }, None));
        Assert.Equal(7u, (await Passkeys.FindAsync(_owner, "cred-1", None))!.SignCount);
    }

    [Fact]
    public async Task Deleting_removes_one_passkey_or_all_of_an_owner()
    {
        await Passkeys.AddAsync(Key("cred-1"), None);
        await Passkeys.AddAsync(Key("cred-2", 1), None);
        await Passkeys.AddAsync(Key("cred-3", 2), None);

        Assert.True(await Passkeys.DeleteAsync(_owner, "cred-1", None));
        Assert.False(await Passkeys.DeleteAsync(_owner, "cred-1", None));
        Assert.Equal(["cred-2", "cred-3"], (await Passkeys.ListAsync(_owner, None)).Select(p => p.PasskeyId));

        Assert.Equal(2, await Passkeys.DeleteForAddressAsync(_owner, None));
        Assert.Empty(await Passkeys.ListAsync(_owner, None));
    }

    [Fact]
    public async Task A_challenge_is_consumed_once_and_only_by_its_holder_and_ceremony()
    {
        var holder = PasskeyChallenge.HolderOf("s_" + Guid.NewGuid().ToString("N"), "p_1");
        var challenge = PasskeyChallenge.New(holder, PasskeyCeremony.Authentication, Now.AddMinutes(2));
        await Challenges.SaveAsync(challenge, None);

        Assert.False(await Challenges.ConsumeAsync(challenge with { Holder = holder + "x" }, None));
        Assert.False(await Challenges.ConsumeAsync(challenge with { Ceremony = PasskeyCeremony.Registration }, None));
        Assert.True(await Challenges.ConsumeAsync(challenge, None));
        Assert.False(await Challenges.ConsumeAsync(challenge, None));
    }

    [Fact]
    public async Task Parallel_consumers_of_one_challenge_get_it_once()
    {
        var challenge = PasskeyChallenge.New(PasskeyChallenge.HolderOf("s_" + Guid.NewGuid().ToString("N"), "p_2"),
            PasskeyCeremony.Registration, Now.AddMinutes(2));
        await Challenges.SaveAsync(challenge, None);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Challenges.ConsumeAsync(challenge, None)));

        Assert.Equal(1, results.Count(r => r));
    }
}
