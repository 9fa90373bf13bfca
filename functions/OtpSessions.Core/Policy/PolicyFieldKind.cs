namespace OtpSessions.Core.Policy;

/// <summary>How a policy value travels in the API: a boolean, a whole number, a duration in whole seconds, or country codes.</summary>
public enum PolicyFieldKind
{
    Boolean,
    Integer,
    Seconds,
    Countries,
}
