using Microsoft.Extensions.Time.Testing;
using OtpSessions.Core.Evidence;
using OtpSessions.Core.Sessions;
using OtpSessions.Infrastructure.Evidence;
using OtpSessions.Infrastructure.Sessions;
using OtpSessions.Testing;

namespace OtpSessions.Infrastructure.Tests;

/// <summary>The evidence store contract on the Table store, on Azurite (the same suite runs on the in-memory store in Core.Tests).</summary>
[Collection(StorageCollection.Name)]
public sealed class TableEvidenceStoreContractTests : EvidenceStoreContract
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 3, 4, 9, 0, 0, TimeSpan.Zero));

    public TableEvidenceStoreContractTests(StorageFixture storage)
    {
        Sessions = new TableSessionStore(storage.Tables, _time);
        Store = new TableEvidenceStore(storage.Tables, _time);
    }

    protected override ISessionStore Sessions { get; }

    protected override IEvidenceStore Store { get; }

    protected override TimeProvider Time => _time;

    protected override void SetTime(DateTimeOffset time) => _time.SetUtcNow(time);
}
