using Microsoft.Extensions.Time.Testing;
using OtpSessions.Core.Deliveries;
using OtpSessions.Testing;
using OtpSessions.Testing.InMemory;

namespace OtpSessions.Core.Tests.Deliveries;

/// <summary>The sent message store contract on the in-memory store the application-service tests use.</summary>
public sealed class InMemorySentMessageStoreContractTests : SentMessageStoreContract
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 3, 4, 9, 0, 0, TimeSpan.Zero));

    public InMemorySentMessageStoreContractTests() => Store = new InMemorySentMessageStore(_time);

    protected override ISentMessageStore Store { get; }

    protected override TimeProvider Time => _time;

    protected override void SetTime(DateTimeOffset time) => _time.SetUtcNow(time);
}
