namespace OtpSessions.Core.Policy;

/// <summary>Where a change waiting for a second administrator stands.</summary>
public enum PolicyChangeStatus
{
    Pending,
    Approved,
    Rejected,

    /// <summary>Nobody decided within <see cref="PolicyChangeRequest.Lifetime"/>: it can no longer apply.</summary>
    Expired,
}
