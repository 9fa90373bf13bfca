namespace OtpSessions.Core.Events;

/// <summary>The answer of <see cref="OutboxInspector.ListAsync"/>.</summary>
public abstract record OutboxListResult
{
    private OutboxListResult()
    {
    }

    /// <summary>Outside Development the endpoint does not exist.</summary>
    public sealed record NotServed : OutboxListResult;

    public sealed record InvalidSessionId : OutboxListResult;

    public sealed record Listed(OutboxListing Listing) : OutboxListResult;
}
