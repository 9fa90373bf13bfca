using OtpSessions.Core.Passkeys;
using OtpSessions.Infrastructure.Passkeys;
using OtpSessions.Testing;

namespace OtpSessions.Infrastructure.Tests;

/// <summary>The passkey store contract on the Table stores, on Azurite (the same suite runs on the in-memory stores in Core.Tests).</summary>
[Collection(StorageCollection.Name)]
public sealed class TablePasskeyStoreContractTests(StorageFixture storage) : PasskeyStoreContract
{
    protected override IPasskeyStore Passkeys { get; } = new TablePasskeyStore(storage.Tables);

    protected override IPasskeyChallengeStore Challenges { get; } = new TablePasskeyChallengeStore(storage.Tables);
}
