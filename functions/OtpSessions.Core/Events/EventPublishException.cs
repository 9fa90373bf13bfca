namespace OtpSessions.Core.Events;

/// <summary>A publish failure whose <see cref="Exception.Message"/> holds no secret and may be stored in <c>LastError</c>.</summary>
public sealed class EventPublishException(string safeReason, Exception? innerException = null)
    : Exception(safeReason, innerException);
