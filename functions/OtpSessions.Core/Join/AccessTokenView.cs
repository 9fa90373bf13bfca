
namespace OtpSessions.Core.Join;

/// <summary>An entry's opaque access token (only its hash is stored) and until when it works.</summary>
public sealed record AccessTokenView(string AccessToken, DateTimeOffset ExpiresAt)
{
    /// <summary>Without the token: safe if a record ends up in a log.</summary>
    public override string ToString() => $"AccessTokenView {{ ExpiresAt = {ExpiresAt:O} }}";
}
