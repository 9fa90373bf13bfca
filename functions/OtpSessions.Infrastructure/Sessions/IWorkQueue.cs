namespace OtpSessions.Infrastructure.Sessions;

/// <summary>Port of the <see cref="PendingWorkRelay"/>: puts a message, as committed, on a Storage queue.</summary>
public interface IWorkQueue
{
    Task SendAsync(string queue, string message, CancellationToken cancellationToken);
}
