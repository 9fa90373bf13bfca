namespace OtpSessions.Infrastructure.Sessions;

/// <summary>
/// <see cref="IReportLinkIndex"/> on the <c>reportlinks</c> table: PK = the token's hash (base64url, a valid key as it
/// is), RK = "" — one point read per report. The rows of one session spread over partitions, so they are written one
/// request each, in parallel.
/// </summary>
public sealed class TableReportLinkIndex(TableServiceClient tables, TimeProvider time) : IReportLinkIndex
{
    private readonly TableClient _table = tables.GetTableClient(TableNames.ReportLinks);

    public Task PutAsync(IReadOnlyList<ReportLink> links, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(links);
        return Task.WhenAll(links.Select(link => _table.UpsertEntityAsync(new TableEntity(link.TokenHash, "")
        {
            ["SessionId"] = link.SessionId,
            ["ParticipantId"] = link.ParticipantId,
            ["Channel"] = link.Channel.ToWire(),
            [SessionEntities.ExpiresAt] = link.ExpiresAt,
        }, TableUpdateMode.Replace, cancellationToken)));
    }

    public async Task<ReportLink?> FindAsync(string tokenHash, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenHash);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(tokenHash, "", cancellationToken: cancellationToken);
        if (!response.HasValue || SessionEntities.IsExpired(response.Value!, time.GetUtcNow()))
        {
            return null;
        }
        var e = response.Value!;
        return new ReportLink(tokenHash, e.GetString("SessionId"), e.GetString("ParticipantId"), WireNames.Parse<Channel>(e.GetString("Channel")),
            e.GetDateTimeOffset(SessionEntities.ExpiresAt) ?? DateTimeOffset.MinValue);
    }
}
