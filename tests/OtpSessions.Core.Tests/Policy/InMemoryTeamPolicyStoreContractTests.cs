using OtpSessions.Core.Policy;
using OtpSessions.Testing;
using OtpSessions.Testing.InMemory;

namespace OtpSessions.Core.Tests.Policy;

/// <summary>The team policy store contract on the in-memory store the application-service tests use.</summary>
public sealed class InMemoryTeamPolicyStoreContractTests : TeamPolicyStoreContract
{
    protected override ITeamPolicyStore Store { get; } = new InMemoryTeamPolicyStore();
}
