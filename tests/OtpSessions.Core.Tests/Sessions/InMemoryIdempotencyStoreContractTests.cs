using Microsoft.Extensions.Time.Testing;
using OtpSessions.Core.Sessions;
using OtpSessions.Testing;
using OtpSessions.Testing.InMemory;

namespace OtpSessions.Core.Tests.Sessions;

/// <summary>The idempotency store contract on the in-memory store the application-service tests use.</summary>
public sealed class InMemoryIdempotencyStoreContractTests : IdempotencyStoreContract
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 3, 4, 9, 0, 0, TimeSpan.Zero));

    public InMemoryIdempotencyStoreContractTests() => Store = new InMemoryIdempotencyStore(_time);

    protected override IIdempotencyStore Store { get; }

    protected override TimeProvider Time => _time;

    protected override void SetTime(DateTimeOffset time) => _time.SetUtcNow(time);
}
