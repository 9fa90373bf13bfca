namespace OtpSessions.Core.Policy;

/// <summary>Which way a policy value protects customers more.</summary>
public enum StrongerWhen
{
    True,
    False,
    Higher,
    Lower,

    /// <summary>Fewer countries may get SMS: a list that leaves one out is stronger; the empty list (every country) is weakest.</summary>
    FewerCountries,
}
