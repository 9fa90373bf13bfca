namespace OtpSessions.Core.Otp;

/// <summary>A message's delivery state as the provider reported it.</summary>
public sealed record DeliveryState<TStatus>(TStatus Status, DateTimeOffset? SentAt = null, string? ProviderMessageId = null)
    where TStatus : struct, Enum
{
    /// <summary>The code whose send this state is about (null on rows written before sends were named).</summary>
    public string? CodeId { get; init; }

    /// <summary>The send number of <see cref="CodeId"/> this state is about.</summary>
    public int Send { get; init; }

    /// <summary>For a send a budget refused: when that budget's window ends (a send may go again).</summary>
    public DateTimeOffset? RetryAt { get; init; }
}
