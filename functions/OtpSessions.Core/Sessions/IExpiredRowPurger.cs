namespace OtpSessions.Core.Sessions;

/// <summary>How many expired rows one purge removed from one table.</summary>
public sealed record PurgeCount(string Table, int Rows);

/// <summary>Port: deletes rows past their <c>ExpiresAt</c> from every table (batches of ≤ 100 per partition).</summary>
public interface IExpiredRowPurger
{
    Task<IReadOnlyList<PurgeCount>> PurgeAsync(CancellationToken cancellationToken);
}
