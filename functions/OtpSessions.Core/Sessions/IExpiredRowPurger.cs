namespace OtpSessions.Core.Sessions;

/// <summary>Port: deletes rows past their <c>ExpiresAt</c> from every table (batches of ≤ 100 per partition).</summary>
public interface IExpiredRowPurger
{
    Task<IReadOnlyList<PurgeCount>> PurgeAsync(CancellationToken cancellationToken);
}
