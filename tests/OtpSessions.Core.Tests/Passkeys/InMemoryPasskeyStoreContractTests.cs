using OtpSessions.Core.Passkeys;
using OtpSessions.Testing;
using OtpSessions.Testing.InMemory;

namespace OtpSessions.Core.Tests.Passkeys;

/// <summary>The passkey store contract on the in-memory stores the application-service tests use.</summary>
public sealed class InMemoryPasskeyStoreContractTests : PasskeyStoreContract
{
    protected override IPasskeyStore Passkeys { get; } = new InMemoryPasskeyStore();

    protected override IPasskeyChallengeStore Challenges { get; } = new InMemoryPasskeyChallengeStore();
}
