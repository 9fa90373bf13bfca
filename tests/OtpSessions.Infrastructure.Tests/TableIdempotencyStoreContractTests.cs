using Microsoft.Extensions.Time.Testing;
using OtpSessions.Core.Sessions;
using OtpSessions.Infrastructure.Sessions;
using OtpSessions.Testing;

namespace OtpSessions.Infrastructure.Tests;

/// <summary>The idempotency store contract on the Table store, on Azurite (the same suite runs on the in-memory store in Core.Tests).</summary>
[Collection(StorageCollection.Name)]
public sealed class TableIdempotencyStoreContractTests : IdempotencyStoreContract
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 3, 4, 9, 0, 0, TimeSpan.Zero));

    public TableIdempotencyStoreContractTests(StorageFixture storage) => Store = new TableIdempotencyStore(storage.Tables, _time);

    protected override IIdempotencyStore Store { get; }

    protected override TimeProvider Time => _time;

    protected override void SetTime(DateTimeOffset time) => _time.SetUtcNow(time);
}
