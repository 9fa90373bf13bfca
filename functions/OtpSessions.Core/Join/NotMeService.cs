using OtpSessions.Core.Events;
using OtpSessions.Core.Passkeys;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Join;

/// <summary>
/// <c>POST /api/not-me</c>: a recipient of a message says it did not expect it. The report token
/// (<c>Authorization: Report …</c>) is found by its hash in the <see cref="IReportLinkIndex"/>; its participant becomes
/// <c>reported</c> (<see cref="Participant.Reported"/>) in one version-checked commit with the event
/// <c>participant.reported</c> and its audit entry, so its link, code and access tokens stop at once and no delivery kind
/// sends to it again; then the passkeys of its verified address go. Reporting again, a participant already reassigned,
/// or a session closed: accepted, nothing changes (the passkeys of a reported address are deleted again, which makes
/// that step safe to retry). A token that is malformed or unknown, or whose session has expired, is <c>link_invalid</c>.
/// </summary>
public sealed class NotMeService(
    ISessionStore sessions,
    IReportLinkIndex reportLinks,
    IPasskeyStore passkeys,
    PasskeyOwners passkeyOwners,
    TimeProvider time)
{
    /// <summary>What was reported: the participant's status after the report (for the log: ids only).</summary>
    public async Task<Outcome<ParticipantStatus>> ReportAsync(string? authorization, CancellationToken cancellationToken)
    {
        var token = CustomerAuthorization.ReportToken(authorization);
        if (!TokenFactory.IsReportToken(token)
            || await reportLinks.FindAsync(TokenFactory.Hash(token!), cancellationToken) is not { } link)
        {
            return JoinService.LinkInvalid();
        }
        var outcome = await ConcurrencyRetry.DecideAsync<Participant>(async () =>
        {
            var now = time.GetUtcNow();
            if (await sessions.LoadParticipantWithTermsAsync(link.SessionId, link.ParticipantId, cancellationToken) is not var (session, p))
            {
                return JoinService.LinkInvalid();
            }
            if (!session.IsActiveAt(now) || !p.CanBeReported)
            {
                return p;
            }
            var reported = p.Reported(now);
            await sessions.CommitAsync(new SessionChange(session)
                .Put(reported)
                .EmitRecorded(EventTypes.ParticipantReported, now,
                    new ParticipantReportedData(session.SessionId, session.Reference, p.ParticipantId, p.Role, link.Channel), p.ParticipantId, p.ParticipantId),
                cancellationToken);
            return reported;
        });
        if (outcome.Failure is { } failure)
        {
            return failure;
        }
        var participant = outcome.Value!;
        if (participant.IsReported)
        {
            await passkeys.DeleteForAddressAsync(passkeyOwners.KeyOf(PasskeyRules.AddressOf(participant)), cancellationToken);
        }
        return participant.Status;
    }
}
