using OtpSessions.Core.Common;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Testing.InMemory;

/// <summary><see cref="IIdempotencyStore"/> in memory, with the Table store's semantics (the insert is the claim; expired rows are taken over).</summary>
public sealed class InMemoryIdempotencyStore(TimeProvider time) : IIdempotencyStore
{
    private readonly InMemoryVersionedRecords<(string, string), IdempotencyRecord> _records = new();

    public Task<IdempotencyClaim> ClaimAsync(IdempotencyRecord claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var key = (claim.AgentId, claim.Key);
        while (true)
        {
            if (_records.Find(key) is not { } existing)
            {
                try
                {
                    return Task.FromResult(new IdempotencyClaim(true, claim with { Version = _records.Write(key, claim, null) }));
                }
                catch (ConcurrencyConflictException)
                {
                    continue;
                }
            }
            else if (existing.Value.ExpiresAt > time.GetUtcNow())
            {
                return Task.FromResult(new IdempotencyClaim(false, existing.Value with { Version = existing.Version }));
            }
            try
            {
                // A remembered key past its 24 h: taken over for this request.
                return Task.FromResult(new IdempotencyClaim(true, claim with { Version = _records.Write(key, claim, existing.Version) }));
            }
            catch (ConcurrencyConflictException)
            {
            }
        }
    }

    public Task CompleteAsync(IdempotencyRecord claimed, string responseJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        try
        {
            _records.Write((claimed.AgentId, claimed.Key), claimed with { ResponseJson = responseJson, Version = null },
                claimed.Version ?? throw new InvalidOperationException("The claim has no version."));
        }
        catch (ConcurrencyConflictException)
        {
            // Gone or taken over: left as it is, as the Table store does.
        }
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(IdempotencyRecord claimed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        _records.Remove((claimed.AgentId, claimed.Key), claimed.Version);
        return Task.CompletedTask;
    }

    public Task<IdempotencyClaim> TakeOverAsync(IdempotencyRecord stale, IdempotencyRecord claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stale);
        ArgumentNullException.ThrowIfNull(claim);
        try
        {
            return Task.FromResult(new IdempotencyClaim(true, claim with
            {
                Version = _records.Write((claim.AgentId, claim.Key), claim, stale.Version ?? throw new InvalidOperationException("The row has no version.")),
            }));
        }
        catch (ConcurrencyConflictException)
        {
            return Task.FromResult(new IdempotencyClaim(false, stale));
        }
    }
}
