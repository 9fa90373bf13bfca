using OtpSessions.Core.Budgets;
using OtpSessions.Testing;
using OtpSessions.Testing.InMemory;

namespace OtpSessions.Core.Tests.Budgets;

/// <summary>The send budget store contract on the in-memory store the application-service tests use.</summary>
public sealed class InMemorySendBudgetStoreContractTests : SendBudgetStoreContract
{
    protected override ISendBudgetStore Store { get; } = new InMemorySendBudgetStore();
}
