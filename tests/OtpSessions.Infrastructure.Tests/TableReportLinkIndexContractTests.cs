using Microsoft.Extensions.Time.Testing;
using OtpSessions.Core.Sessions;
using OtpSessions.Infrastructure.Sessions;
using OtpSessions.Testing;

namespace OtpSessions.Infrastructure.Tests;

/// <summary>The report link index contract on the Table index, on Azurite (the same suite runs in memory in Core.Tests).</summary>
[Collection(StorageCollection.Name)]
public sealed class TableReportLinkIndexContractTests : ReportLinkIndexContract
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 3, 4, 9, 0, 0, TimeSpan.Zero));

    public TableReportLinkIndexContractTests(StorageFixture storage) => Index = new TableReportLinkIndex(storage.Tables, _time);

    protected override IReportLinkIndex Index { get; }

    protected override TimeProvider Time => _time;

    protected override void SetTime(DateTimeOffset time) => _time.SetUtcNow(time);
}
