namespace OtpSessions.Functions.Http;

/// <summary>
/// The request's credential as the client sent it (<c>Authorization: Bearer …</c>, <c>Invite …</c>, <c>Report …</c>):
/// the first <c>Authorization</c> value, or null. The services that check a credential read its scheme themselves.
/// </summary>
public static class AuthorizationHeader
{
    public static string? Authorization(this HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers.Authorization.FirstOrDefault();
    }
}
