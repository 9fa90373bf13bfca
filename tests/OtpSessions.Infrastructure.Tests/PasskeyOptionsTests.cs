using OtpSessions.Infrastructure.Passkeys;

namespace OtpSessions.Infrastructure.Tests;

/// <summary><c>Passkeys__RpId</c>: empty means the web client's host; otherwise that host or a parent domain of it, nothing else.</summary>
public sealed class PasskeyOptionsTests
{
    private static readonly Uri Web = new("https://join.example.com");

    [Theory]
    [InlineData(null, "join.example.com", true)]
    [InlineData("", "join.example.com", true)]
    [InlineData("example.com", "example.com", true)]
    [InlineData("Join.Example.com", "join.example.com", true)]
    [InlineData("other.com", "other.com", false)]
    [InlineData("ample.com", "ample.com", false)]
    [InlineData("com", "com", false)]
    [InlineData("https://example.com", "https://example.com", false)]
    [InlineData(".example.com", ".example.com", false)]
    public void The_relying_party_id_is_the_web_host_or_a_parent_domain_of_it(string? rpId, string effective, bool fits)
    {
        var options = new PasskeyOptions { RpId = rpId };

        Assert.Equal(effective, options.EffectiveRpId(Web));
        Assert.Equal(fits, options.RpIdFits(Web));
    }
}
