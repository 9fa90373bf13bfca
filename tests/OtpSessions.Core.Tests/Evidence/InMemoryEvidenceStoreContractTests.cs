using Microsoft.Extensions.Time.Testing;
using OtpSessions.Core.Evidence;
using OtpSessions.Core.Sessions;
using OtpSessions.Testing;
using OtpSessions.Testing.InMemory;

namespace OtpSessions.Core.Tests.Evidence;

/// <summary>The evidence store contract on the in-memory store the application-service tests use.</summary>
public sealed class InMemoryEvidenceStoreContractTests : EvidenceStoreContract
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 3, 4, 9, 0, 0, TimeSpan.Zero));

    public InMemoryEvidenceStoreContractTests()
    {
        var sessions = new InMemorySessionStore(_time);
        Sessions = sessions;
        Store = new InMemoryEvidenceStore(sessions, _time);
    }

    protected override ISessionStore Sessions { get; }

    protected override IEvidenceStore Store { get; }

    protected override TimeProvider Time => _time;

    protected override void SetTime(DateTimeOffset time) => _time.SetUtcNow(time);
}
