using OtpSessions.Core.Budgets;
using OtpSessions.Infrastructure.Budgets;
using OtpSessions.Testing;

namespace OtpSessions.Infrastructure.Tests;

/// <summary>The send budget store contract on the Table store, on Azurite (the same suite runs on the in-memory store in Core.Tests).</summary>
[Collection(StorageCollection.Name)]
public sealed class TableSendBudgetStoreContractTests(StorageFixture storage) : SendBudgetStoreContract
{
    protected override ISendBudgetStore Store { get; } = new TableSendBudgetStore(storage.Tables);
}
