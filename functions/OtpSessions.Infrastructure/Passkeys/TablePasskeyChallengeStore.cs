using OtpSessions.Core.Passkeys;
using OtpSessions.Infrastructure.Sessions;

namespace OtpSessions.Infrastructure.Passkeys;

/// <summary>
/// <see cref="IPasskeyChallengeStore"/> on the <c>passkeychallenges</c> table: PK = the holder (session and participant),
/// RK = ceremony + challenge, with <c>ExpiresAt</c> (the purge timer removes what was never answered). Consuming is one
/// delete: exactly one request gets the row, every other (a replay, another holder's challenge) finds none.
/// </summary>
public sealed class TablePasskeyChallengeStore(TableServiceClient tables) : IPasskeyChallengeStore
{
    private readonly TableClient _table = tables.GetTableClient(TableNames.PasskeyChallenges);

    public Task SaveAsync(PasskeyChallenge challenge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return _table.AddEntityAsync(new TableEntity(TableKeys.Escape(challenge.Holder), RowKey(challenge))
        {
            [SessionEntities.ExpiresAt] = challenge.ExpiresAt,
        }, cancellationToken);
    }

    public async Task<bool> ConsumeAsync(PasskeyChallenge challenge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        try
        {
            var response = await _table.DeleteEntityAsync(TableKeys.Escape(challenge.Holder), RowKey(challenge), ETag.All, cancellationToken);
            return response.Status != 404;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    private static string RowKey(PasskeyChallenge challenge) => challenge.Ceremony.ToWire() + ":" + challenge.Value;
}
