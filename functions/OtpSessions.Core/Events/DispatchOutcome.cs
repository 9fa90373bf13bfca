namespace OtpSessions.Core.Events;

public enum DispatchOutcome
{
    /// <summary>Every pending event was published.</summary>
    Done,
    /// <summary>Publishing is off: the events stay in the outbox.</summary>
    KeptWhileOff,
    /// <summary>The next event waits for its back-off.</summary>
    BackingOff,
    /// <summary>Publishing failed; the failure is recorded and the session waits for its back-off.</summary>
    Failed,
    /// <summary>A row changed while it was being published; the next pass continues.</summary>
    Interrupted,
}
