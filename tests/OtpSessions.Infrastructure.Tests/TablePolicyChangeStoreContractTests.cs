using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OtpSessions.Core.Policy;
using OtpSessions.Infrastructure.Policy;
using OtpSessions.Testing;

namespace OtpSessions.Infrastructure.Tests;

/// <summary>The policy change store contract on the Table store, on Azurite (the same suite runs on the in-memory stores in Core.Tests).</summary>
[Collection(StorageCollection.Name)]
public sealed class TablePolicyChangeStoreContractTests(StorageFixture storage) : PolicyChangeStoreContract
{
    private readonly TableTeamPolicyStore _store = new(storage.Tables,
        new FakeTimeProvider(new DateTimeOffset(2030, 3, 4, 9, 0, 0, TimeSpan.Zero)), NullLogger<TableTeamPolicyStore>.Instance);

    protected override IPolicyChangeStore Changes => _store;

    protected override ITeamPolicyStore Teams => _store;
}
