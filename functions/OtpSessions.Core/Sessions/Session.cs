using System.Diagnostics.CodeAnalysis;

namespace OtpSessions.Core.Sessions;

/// <summary>A session as stored: its terms, how many participants it has had, and its version.</summary>
public sealed record Session : SessionTerms
{
    public Session()
    {
    }

    /// <summary>A session of <paramref name="terms"/> (no participant yet, not stored yet unless a version is set).</summary>
    [SetsRequiredMembers]
    public Session(SessionTerms terms)
        : base(terms)
    {
    }

    /// <summary>How many participants were ever added (also the next participant's <see cref="Participant.Index"/>).</summary>
    public int ParticipantCount { get; init; }

    /// <summary>The version the session was loaded at; null for a session not yet stored.</summary>
    public StoredVersion? Version { get; init; }
}
