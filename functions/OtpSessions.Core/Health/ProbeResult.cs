namespace OtpSessions.Core.Health;

public enum ProbeResult
{
    /// <summary>Works.</summary>
    Ok,
    /// <summary>Works, but something needs attention (the app still serves).</summary>
    Degraded,
    /// <summary>An optional capability is not set up yet (e.g. SMS without a sender number): the app serves without it; counts as degraded.</summary>
    NotConfigured,
    /// <summary>Does not answer: the app cannot serve.</summary>
    Unavailable,
}
