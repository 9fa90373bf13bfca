namespace OtpSessions.Core;

/// <summary>Every Storage queue name, in one place. Messages are base64-encoded JSON (host.json and the queue clients agree).</summary>
public static class QueueNames
{
    public const string Invitations = "invitations";
    public const string OtpDeliveries = "otp-deliveries";

    /// <summary>Where the host moves a message after <c>maxDequeueCount</c> failed attempts.</summary>
    public static string Poison(string queueName) => queueName + "-poison";

    public static readonly IReadOnlyList<string> All = [Invitations, OtpDeliveries];
}
