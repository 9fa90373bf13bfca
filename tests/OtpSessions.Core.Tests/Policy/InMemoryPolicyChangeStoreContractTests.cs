using OtpSessions.Core.Policy;
using OtpSessions.Testing;
using OtpSessions.Testing.InMemory;

namespace OtpSessions.Core.Tests.Policy;

/// <summary>The policy change store contract on the in-memory stores the application-service tests use.</summary>
public sealed class InMemoryPolicyChangeStoreContractTests : PolicyChangeStoreContract
{
    private readonly InMemoryTeamPolicyStore _teams = new();

    public InMemoryPolicyChangeStoreContractTests()
    {
        Changes = new InMemoryPolicyChangeStore(_teams);
    }

    protected override IPolicyChangeStore Changes { get; }

    protected override ITeamPolicyStore Teams => _teams;
}
