using Microsoft.Extensions.Time.Testing;
using OtpSessions.Core.Sessions;
using OtpSessions.Testing;
using OtpSessions.Testing.InMemory;

namespace OtpSessions.Core.Tests.Sessions;

/// <summary>The report link index contract on the in-memory index the application-service tests use.</summary>
public sealed class InMemoryReportLinkIndexContractTests : ReportLinkIndexContract
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 3, 4, 9, 0, 0, TimeSpan.Zero));

    public InMemoryReportLinkIndexContractTests() => Index = new InMemoryReportLinkIndex(_time);

    protected override IReportLinkIndex Index { get; }

    protected override TimeProvider Time => _time;

    protected override void SetTime(DateTimeOffset time) => _time.SetUtcNow(time);
}
