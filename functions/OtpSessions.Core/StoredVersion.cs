namespace OtpSessions.Core;

/// <summary>
/// The version of a stored record as its store read it: opaque (Core never looks inside, it only hands it back), and
/// changed by every write. A write names the version it read, and fails with
/// <see cref="Sessions.ConcurrencyConflictException"/> when the record is no longer at it. Absent (null) for a record not
/// yet stored.
/// </summary>
public sealed record StoredVersion(string Value)
{
    public override string ToString() => Value;
}
