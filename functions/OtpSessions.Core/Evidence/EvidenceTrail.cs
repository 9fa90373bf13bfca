using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Evidence;

/// <summary>
/// Everything a session stored that its evidence is built from: the session, its participants (each with its delivery
/// record merged) and its audit records — as stored, expired or not.
/// </summary>
public sealed record EvidenceTrail(Session Session, IReadOnlyList<Participant> Participants, IReadOnlyList<AuditRecord> Audit);
