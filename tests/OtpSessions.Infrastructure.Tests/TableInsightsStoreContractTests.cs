using OtpSessions.Core.Insights;
using OtpSessions.Infrastructure.Insights;
using OtpSessions.Testing;

namespace OtpSessions.Infrastructure.Tests;

/// <summary>The insights store contract on the Table store, on Azurite (the same suite runs on the in-memory store in Core.Tests).</summary>
[Collection(StorageCollection.Name)]
public sealed class TableInsightsStoreContractTests(StorageFixture storage) : InsightsStoreContract
{
    protected override IInsightsStore Store { get; } = new TableInsightsStore(storage.Tables);
}
