
namespace OtpSessions.Core.Deliveries;

/// <summary>The provider could not take the message now (throttling, outage): the queue message is retried, then poisoned.</summary>
public sealed class TransientSendException : Exception
{
    public TransientSendException()
    {
    }

    public TransientSendException(string message) : base(message)
    {
    }

    public TransientSendException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
