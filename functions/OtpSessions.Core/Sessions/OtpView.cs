using OtpSessions.Core.Otp;

namespace OtpSessions.Core.Sessions;

/// <summary><c>{ "channel", "address", "mode" }</c>; channel and address are absent in manual mode.</summary>
public sealed record OtpView(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Channel? Channel,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Address,
    OtpMode Mode);
