using OtpSessions.Core.Evidence;

namespace OtpSessions.Testing.InMemory;

/// <summary>
/// <see cref="IEvidenceStore"/> in memory: the trail is what <paramref name="sessions"/> holds (expired or not, until
/// purged), kept records are held apart and absent once past their <see cref="KeptEvidence.ExpiresAt"/>. Held to the
/// Table store's semantics by <see cref="EvidenceStoreContract"/>.
/// </summary>
public sealed class InMemoryEvidenceStore(InMemorySessionStore sessions, TimeProvider time) : IEvidenceStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, KeptEvidence> _kept = new(StringComparer.Ordinal);

    public Task<EvidenceTrail?> LoadTrailAsync(string sessionId, CancellationToken cancellationToken) => Task.FromResult(sessions.Trail(sessionId));

    public Task<KeptEvidence?> FindKeptAsync(string sessionId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_kept.TryGetValue(sessionId, out var kept) && kept.ExpiresAt > time.GetUtcNow() ? kept : null);
        }
    }

    public Task<bool> KeepAsync(KeptEvidence evidence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        lock (_gate)
        {
            return Task.FromResult(_kept.TryAdd(evidence.SessionId, evidence with { Payload = [.. evidence.Payload] }));
        }
    }
}
