using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OtpSessions.Core.Policy;
using OtpSessions.Infrastructure.Policy;
using OtpSessions.Testing;

namespace OtpSessions.Infrastructure.Tests;

/// <summary>The team policy store contract on the Table store, on Azurite (the same suite runs on the in-memory store in Core.Tests).</summary>
[Collection(StorageCollection.Name)]
public sealed class TableTeamPolicyStoreContractTests(StorageFixture storage) : TeamPolicyStoreContract
{
    protected override ITeamPolicyStore Store { get; } = new TableTeamPolicyStore(storage.Tables,
        new FakeTimeProvider(new DateTimeOffset(2030, 3, 4, 9, 0, 0, TimeSpan.Zero)), NullLogger<TableTeamPolicyStore>.Instance);
}
