namespace OtpSessions.Core.Sessions;

/// <summary>
/// The invite link's way out: <c>pending → sent | failed</c>, then <c>delivered | failed</c> from delivery reports. A failed
/// invitation never goes to the participant's other address (link and code must not meet in one inbox): the agent
/// resends or reassigns.
/// </summary>
public enum InvitationStatus
{
    Pending,
    Sent,
    Delivered,
    Failed,
}
