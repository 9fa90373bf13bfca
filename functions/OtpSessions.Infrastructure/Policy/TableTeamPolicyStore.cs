using System.Collections.Concurrent;
using System.Globalization;
using OtpSessions.Core.Policy;
using OtpSessions.Infrastructure.Sessions;

namespace OtpSessions.Infrastructure.Policy;

/// <summary>
/// <see cref="ITeamPolicyStore"/> on the <c>policies</c> table (PK <c>team</c>, RK team id). Each column named like a
/// <see cref="PolicyOverrides"/> property overrides that value (numbers and booleans as such, durations as
/// <c>d.hh:mm:ss</c> text, countries as comma-separated codes). Answers of <see cref="FindAsync"/> are cached for
/// <see cref="CacheFor"/> so a session start costs no policy read in the steady state (a change made through this
/// process is seen at once, other instances see it within <see cref="CacheFor"/>); a value that does not parse or lies
/// outside the allowed ranges is ignored (and logged), never fatal.
/// </summary>
public sealed partial class TableTeamPolicyStore(TableServiceClient tables, TimeProvider time, ILogger<TableTeamPolicyStore> logger)
    : ITeamPolicyStore
{
    public const string PartitionKey = "team";
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    private readonly TableClient _table = tables.GetTableClient(TableNames.Policies);
    private readonly ConcurrentDictionary<string, (PolicyOverrides? Overrides, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public async Task<PolicyOverrides?> FindAsync(string teamId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(teamId, out var cached) && cached.Until > now)
        {
            return cached.Overrides;
        }
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionKey, TableKeys.Escape(teamId), cancellationToken: cancellationToken);
        var overrides = response.HasValue ? WithinRange(teamId, Parse(teamId, response.Value!)) : null;
        _cache[teamId] = (overrides, now + CacheFor);
        return overrides;
    }

    public async Task<StoredOverrides> LoadAsync(string teamId, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionKey, TableKeys.Escape(teamId), cancellationToken: cancellationToken);
        return response.HasValue
            ? new StoredOverrides(WithinRange(teamId, Parse(teamId, response.Value!)), response.Value!.ETag.ToVersion())
            : new StoredOverrides(new PolicyOverrides(), null);
    }

    public async Task SaveAsync(string teamId, PolicyOverrides overrides, StoredVersion? version, CancellationToken cancellationToken)
    {
        try
        {
            await _table.WriteAtVersionAsync(ToEntity(teamId, overrides), version, $"The policy of team {teamId} changed meanwhile", cancellationToken);
        }
        finally
        {
            _cache.TryRemove(teamId, out _);
        }
    }

    private static TableEntity ToEntity(string teamId, PolicyOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var entity = new TableEntity(PartitionKey, TableKeys.Escape(teamId));
        foreach (var property in typeof(PolicyOverrides).GetProperties().Where(p => p.CanWrite))
        {
            entity[property.Name] = property.GetValue(overrides) switch
            {
                TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
                IReadOnlyList<string> codes => string.Join(',', codes),
                var value => value,
            };
        }
        return entity;
    }

    /// <summary>Drops override values outside the ranges the system policy allows, saying which.</summary>
    private PolicyOverrides WithinRange(string teamId, PolicyOverrides overrides)
    {
        var kept = overrides.WithinRange(out var ignored);
        foreach (var member in ignored)
        {
            LogIgnored(teamId, member);
        }
        return kept;
    }

    private PolicyOverrides Parse(string teamId, TableEntity e) => new()
    {
        RequireOtp = Bool(teamId, e, nameof(PolicyOverrides.RequireOtp)),
        Length = Int(teamId, e, nameof(PolicyOverrides.Length)),
        Lifetime = Span(teamId, e, nameof(PolicyOverrides.Lifetime)),
        MaxAttempts = Int(teamId, e, nameof(PolicyOverrides.MaxAttempts)),
        Lockout = Span(teamId, e, nameof(PolicyOverrides.Lockout)),
        MaxLockouts = Int(teamId, e, nameof(PolicyOverrides.MaxLockouts)),
        ResendCooldown = Span(teamId, e, nameof(PolicyOverrides.ResendCooldown)),
        MaxSendsPerHour = Int(teamId, e, nameof(PolicyOverrides.MaxSendsPerHour)),
        AgentCanViewOtp = Bool(teamId, e, nameof(PolicyOverrides.AgentCanViewOtp)),
        AutoOtpViewDelay = Span(teamId, e, nameof(PolicyOverrides.AutoOtpViewDelay)),
        AgentCanViewDeliveredOtp = Bool(teamId, e, nameof(PolicyOverrides.AgentCanViewDeliveredOtp)),
        RequireOtpChannel = Bool(teamId, e, nameof(PolicyOverrides.RequireOtpChannel)),
        AllowEmailOtp = Bool(teamId, e, nameof(PolicyOverrides.AllowEmailOtp)),
        AllowPasskeys = Bool(teamId, e, nameof(PolicyOverrides.AllowPasskeys)),
        InviteLinkLifetime = Span(teamId, e, nameof(PolicyOverrides.InviteLinkLifetime)),
        SessionLifetime = Span(teamId, e, nameof(PolicyOverrides.SessionLifetime)),
        AccessTokenLifetime = Span(teamId, e, nameof(PolicyOverrides.AccessTokenLifetime)),
        AllowedSmsCountries = Countries(e, nameof(PolicyOverrides.AllowedSmsCountries)),
        PolicyChangesNeedApproval = Bool(teamId, e, nameof(PolicyOverrides.PolicyChangesNeedApproval)),
    };

    /// <summary>Comma-separated region codes; an empty string is an override of its own (every country).</summary>
    private static IReadOnlyList<string>? Countries(TableEntity e, string column) => e.GetString(column) switch
    {
        null => null,
        var codes => [.. codes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
    };

    private bool? Bool(string teamId, TableEntity e, string column) => e.TryGetValue(column, out var value) switch
    {
        false => null,
        true when value is null => null,
        true when value is bool b => b,
        true when value is string s && bool.TryParse(s, out var parsed) => parsed,
        _ => Ignore<bool>(teamId, column),
    };

    private int? Int(string teamId, TableEntity e, string column) => e.TryGetValue(column, out var value) switch
    {
        false => null,
        true when value is null => null,
        true when value is int i => i,
        true when value is long l && l is >= int.MinValue and <= int.MaxValue => (int)l,
        true when value is string s && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => Ignore<int>(teamId, column),
    };

    private TimeSpan? Span(string teamId, TableEntity e, string column) => e.TryGetValue(column, out var value) switch
    {
        false => null,
        true when value is null => null,
        true when value is string s && TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out var parsed) && parsed >= TimeSpan.Zero => parsed,
        _ => Ignore<TimeSpan>(teamId, column),
    };

    private T? Ignore<T>(string teamId, string column) where T : struct
    {
        LogIgnored(teamId, column);
        return null;
    }

    [LoggerMessage(LogLevel.Warning, "Team {Team} policy: column {Column} is not a valid value and is ignored")]
    private partial void LogIgnored(string team, string column);
}
