using OtpSessions.Core.Sessions;

namespace OtpSessions.Testing.InMemory;

/// <summary><see cref="IReportLinkIndex"/> in memory (an upsert per token hash; expired links are absent).</summary>
public sealed class InMemoryReportLinkIndex(TimeProvider time) : IReportLinkIndex
{
    private readonly InMemoryVersionedRecords<string, ReportLink> _links = new();

    /// <summary>How many links were ever put (a test of the writers counts them).</summary>
    public int Count => _links.All().Count;

    public Task PutAsync(IReadOnlyList<ReportLink> links, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(links);
        foreach (var link in links)
        {
            _links.Put(link.TokenHash, link);
        }
        return Task.CompletedTask;
    }

    public Task<ReportLink?> FindAsync(string tokenHash, CancellationToken cancellationToken) =>
        Task.FromResult(_links.Find(tokenHash) is { } found && found.Value.ExpiresAt > time.GetUtcNow() ? found.Value : null);
}
