using OtpSessions.Core.Insights;
using OtpSessions.Testing;
using OtpSessions.Testing.InMemory;

namespace OtpSessions.Core.Tests.Insights;

/// <summary>The insights store contract on the in-memory store the projection tests use.</summary>
public sealed class InMemoryInsightsStoreContractTests : InsightsStoreContract
{
    protected override IInsightsStore Store { get; } = new InMemoryInsightsStore();
}
