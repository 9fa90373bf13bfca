using Azure;
using Azure.Data.Tables;
using OtpSessions.Core.Sessions;
using OtpSessions.Infrastructure.Storage;

namespace OtpSessions.Infrastructure.Sessions;

/// <summary><see cref="ITokenStore"/> on the <c>tokens</c> table: PK = base64url(SHA-256(token)), RK = "". Only hashes are stored.</summary>
public sealed class TableTokenStore(TableServiceClient tables, TimeProvider time) : ITokenStore
{
    private readonly TableClient _table = tables.GetTableClient(TableNames.Tokens);

    public Task AddAsync(TokenRecord token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return _table.AddEntityAsync(new TableEntity(token.TokenHash, "")
        {
            ["SessionId"] = token.SessionId,
            ["ParticipantId"] = token.ParticipantId,
            ["Kind"] = token.Kind.ToWire(),
            ["ValidUntil"] = token.ValidUntil,
            ["Revoked"] = token.Revoked,
            [SessionEntities.ExpiresAt] = token.ExpiresAt,
        }, cancellationToken);
    }

    public async Task<TokenRecord?> FindAsync(string tokenHash, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(tokenHash, "", cancellationToken: cancellationToken);
        if (!response.HasValue || SessionEntities.IsExpired(response.Value!, time.GetUtcNow()))
        {
            return null;
        }
        var e = response.Value!;
        return new TokenRecord(e.PartitionKey, e.GetString("SessionId"), e.GetString("ParticipantId"),
            WireNames.Parse<TokenKind>(e.GetString("Kind")),
            e.GetDateTimeOffset("ValidUntil") ?? DateTimeOffset.MinValue,
            e.GetDateTimeOffset(SessionEntities.ExpiresAt) ?? DateTimeOffset.MinValue)
        {
            Revoked = e.GetBoolean("Revoked") ?? false,
        };
    }

    /// <summary>
    /// A merge of <c>Revoked = true</c> without an ETag check: revocation is one-way and touches no other column, so
    /// it cannot overwrite anyone's change, and it costs one request per token instead of a read plus a write.
    /// </summary>
    public Task RevokeAsync(IEnumerable<string> tokenHashes, CancellationToken cancellationToken) =>
        Task.WhenAll(tokenHashes.Distinct().Select(async hash =>
        {
            try
            {
                await _table.UpdateEntityAsync(new TableEntity(hash, "") { ["Revoked"] = true }, ETag.All, TableUpdateMode.Merge, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
            }
        }));
}
