using System.Globalization;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Testing.InMemory;

/// <summary>
/// <see cref="ISessionIndex"/> in memory: summaries under their agent and team, newest first, live ones only; a page's
/// token is the position of its last summary (as opaque to callers as the Table index's).
/// </summary>
public sealed class InMemorySessionIndex(TimeProvider time) : ISessionIndex
{
    private readonly InMemoryVersionedRecords<string, SessionSummary> _summaries = new();

    public Task PutAsync(SessionSummary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        _summaries.Put(summary.SessionId, summary);
        return Task.CompletedTask;
    }

    public Task<SessionPage?> ListAsync(SessionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = time.GetUtcNow();
        var live = _summaries.All()
            .Where(s => query.Owner.AgentId is { } agent ? s.AgentId == agent : s.Team == query.Owner.Team)
            .Where(s => s.ExpiresAt > now && (query.Status is null || s.Status == query.Status) && (query.Reference is null || s.Reference == query.Reference))
            .OrderBy(Position, StringComparer.Ordinal)
            .ToList();
        if (query.After is { } after && !_summaries.All().Any(s => Position(s) == after))
        {
            return Task.FromResult<SessionPage?>(null);
        }
        var rest = query.After is null ? live : [.. live.Where(s => string.CompareOrdinal(Position(s), query.After) > 0)];
        var page = rest.Take(query.Limit).ToList();
        return Task.FromResult<SessionPage?>(new SessionPage(page, rest.Count > query.Limit ? Position(page[^1]) : null));
    }

    private static string Position(SessionSummary s) =>
        string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - s.CreatedAt.UtcTicks:D19}|{s.SessionId}");
}
