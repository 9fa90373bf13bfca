using System.Buffers.Text;
using System.Security.Cryptography;
using OtpSessions.Core.Events;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Join;

/// <summary>
/// The customer API's application service: open the link, ask for a new link, arrive at the OTP page, resend, verify,
/// and "who am I" with the access token. Every call resolves the credential the same way (one token-row read, one
/// session-partition query, whatever the token), decides with the pure rules (<see cref="LinkRules"/>,
/// <see cref="OtpRules"/>) and writes the participant row back with the ETag it read, together with its outbox events,
/// in one transaction. A lost ETag race re-reads and decides again, so N parallel wrong codes count N attempts; no
/// in-process lock is involved, so any number of instances may serve the same participant.
/// </summary>
public sealed class JoinService(
    ISessionStore sessions,
    ITokenStore tokens,
    IOtpDeliveryQueue otpDeliveries,
    IInvitationQueue invitations,
    OtpCodeIssuer issuer,
    ICodeProtector protector,
    TokenFactory tokenFactory,
    TimeProvider time)
{
    /// <summary>One answer for every link that does not work: the same status, code and text.</summary>
    public static Failure LinkInvalid() =>
        new(FailureKind.NotFound, JoinErrorCodes.LinkInvalid, "This link is not valid. Ask the person who invited you for a new invitation.");

    public static Failure LinkExpired() =>
        new(FailureKind.Gone, JoinErrorCodes.LinkExpired, "This link has expired. You can ask for a new link.");

    /// <summary>Opens the link: marks the participant <c>opened</c> the first time (event <c>participant.opened</c>).</summary>
    public Task<Outcome<JoinView>> OpenAsync(string? inviteToken, CancellationToken cancellationToken) =>
        OnLinkAsync<JoinView>(inviteToken, LinkCheck.Valid, async (session, p, now) =>
        {
            if (p.OpenedAt is null)
            {
                p = p with { OpenedAt = now, Status = p.Status == ParticipantStatus.Invited ? ParticipantStatus.Opened : p.Status };
                await sessions.CommitAsync(new SessionChange(session.SessionId, session.ExpiresAt)
                    .Put(p)
                    .Emit(EventTypes.ParticipantOpened, now, new ParticipantOpenedData(session.SessionId, session.Reference, p.ParticipantId, p.Role)),
                    cancellationToken);
            }
            return new JoinView(session.Status, new JoinParticipantView(p.Name, p.Role, p.StatusAt(now)),
                new AuthenticationView(session.Policy.RequireOtp, AuthenticationView.Otp));
        }, cancellationToken);

    /// <summary>
    /// An expired link of an active session asks for a fresh one: a new link goes to the participant's own invite
    /// address (queue <c>invitations</c>) and the old one is revoked. Refused within the resend cooldown since the
    /// last invitation. Any other link — valid ones included — is <c>link_invalid</c>.
    /// </summary>
    public Task<Outcome<LinkRenewal>> RequestNewLinkAsync(string? inviteToken, CancellationToken cancellationToken) =>
        OnLinkAsync<LinkRenewal>(inviteToken, LinkCheck.Expired, async (session, p, now) =>
        {
            var wait = p.Invitation.RequestedAt + session.Policy.ResendCooldown - now;
            if (wait > TimeSpan.Zero)
            {
                return new Failure(FailureKind.TooManyRequests, ErrorCodes.TooManyRequests, "A new link was sent moments ago; try again later.")
                {
                    RetryAfter = wait,
                };
            }
            var old = p.Invitation;
            var invitationId = SessionIds.NewInvitationId();
            var linkExpiresAt = Min(now + session.Policy.InviteLinkLifetime, session.ExpiresAt);
            var invitation = new InvitationState(invitationId, 1, InvitationStatus.Pending, now, linkExpiresAt,
                TokenFactory.Hash(tokenFactory.InviteToken(invitationId)));
            // The token row first: if the commit loses, the row points at a link no participant holds and expires.
            await tokens.AddAsync(new TokenRecord(invitation.TokenHash, session.SessionId, p.ParticipantId, TokenKind.Invite, linkExpiresAt,
                session.ExpiresAt), cancellationToken);
            await sessions.CommitAsync(new SessionChange(session.SessionId, session.ExpiresAt)
                .Put(p with { Invitation = invitation })
                .Record(JoinAuditActions.LinkRenewed, p.ParticipantId, now, p.ParticipantId,
                    new InvitationData(session.SessionId, session.Reference, p.ParticipantId, p.Role, ContactData.Of(p.Invite)!, invitation.Attempt)),
                cancellationToken);
            await tokens.RevokeAsync([old.TokenHash], cancellationToken);
            await invitations.EnqueueAsync(new InvitationMessage(session.SessionId, p.ParticipantId, invitation.Attempt), cancellationToken);
            return new LinkRenewal(linkExpiresAt);
        }, cancellationToken);

    /// <summary>
    /// The participant arrives at the OTP page: a code is issued when none is active, the participant becomes
    /// <c>awaiting_otp</c>, and with Auto OTP exactly one <c>otp-deliveries</c> message is queued. Calling again while
    /// the code is active changes nothing and sends nothing.
    /// </summary>
    public Task<Outcome<OtpStatusView>> RequestOtpAsync(string? inviteToken, CancellationToken cancellationToken) =>
        OnLinkAsync<OtpStatusView>(inviteToken, LinkCheck.Valid, (session, p, now) =>
            IssueOrSendAsync(session, p, now,
                OtpRules.RequestCode(ParticipantOtp.StateOf(p), session.Policy, now, p.OtpMode, () => issuer.Issue(session.Policy)), cancellationToken),
            cancellationToken);

    /// <summary>
    /// Sends the active code again (same value, same expiry), or a new one when none is active. Auto OTP only;
    /// refused within the cooldown and past the hourly cap.
    /// </summary>
    public Task<Outcome<OtpStatusView>> ResendOtpAsync(string? inviteToken, CancellationToken cancellationToken) =>
        OnLinkAsync<OtpStatusView>(inviteToken, LinkCheck.Valid, (session, p, now) =>
            IssueOrSendAsync(session, p, now,
                OtpRules.Resend(ParticipantOtp.StateOf(p), session.Policy, now, p.OtpMode, () => issuer.Issue(session.Policy)), cancellationToken),
            cancellationToken);

    /// <summary>
    /// Checks the code (constant time). Right: the code is consumed, the participant is <c>authenticated</c> and gets
    /// an opaque access token (only its hash is stored). Wrong: one attempt is counted — written with the ETag read, so
    /// concurrent guesses each count — and the last allowed one locks (or bans) the participant.
    /// </summary>
    public async Task<VerifyOutcome> VerifyAsync(string? inviteToken, VerifyInput? input, CancellationToken cancellationToken)
    {
        if (input?.Code is not { Length: > 0 and <= VerifyInput.MaxLength } candidate || string.IsNullOrWhiteSpace(candidate))
        {
            return new VerifyOutcome(new Failure(FailureKind.Invalid, ErrorCodes.InvalidRequest, "The body must carry the code.")
            {
                Errors = new Dictionary<string, string[]> { ["code"] = [$"A code of 1–{VerifyInput.MaxLength} characters is required."] },
            });
        }
        int? attemptsRemaining = null;
        var outcome = await OnLinkAsync<AccessTokenView>(inviteToken, LinkCheck.Valid, async (session, p, now) =>
        {
            attemptsRemaining = null;
            var change = new SessionChange(session.SessionId, session.ExpiresAt);
            switch (OtpRules.Verify(ParticipantOtp.StateOf(p), session.Policy, now, protector, candidate.Trim()))
            {
                case VerifyResult.Authenticated authenticated:
                    var accessToken = TokenFactory.NewAccessToken();
                    var hash = TokenFactory.Hash(accessToken);
                    var validUntil = Min(now + session.Policy.AccessTokenLifetime, session.ExpiresAt);
                    // The token row first: if the commit loses, the row names a hash the participant does not hold.
                    await tokens.AddAsync(new TokenRecord(hash, session.SessionId, p.ParticipantId, TokenKind.Access, validUntil, session.ExpiresAt),
                        cancellationToken);
                    var authenticatedParticipant = ParticipantOtp.Apply(p, authenticated.NewState!, now) with { AccessTokenHash = hash };
                    await sessions.CommitAsync(change
                        .Put(authenticatedParticipant)
                        .Emit(EventTypes.ParticipantAuthenticated, now,
                            new ParticipantAuthenticatedData(session.SessionId, session.Reference, p.ParticipantId, p.Role)), cancellationToken);
                    return new AccessTokenView(accessToken, validUntil);
                case VerifyResult.Refused refused:
                    if (refused.NewState is { } counted)
                    {
                        var updated = ParticipantOtp.Apply(p, counted, now);
                        change.Put(updated);
                        if (refused.LockedNow)
                        {
                            change.Emit(EventTypes.ParticipantLocked, now, new ParticipantLockedData(session.SessionId, session.Reference,
                                p.ParticipantId, p.Role, updated.LockedUntil, updated.Status == ParticipantStatus.Banned, updated.Lockouts));
                        }
                        await sessions.CommitAsync(change, cancellationToken);
                    }
                    attemptsRemaining = refused.Refusal.AttemptsRemaining;
                    return refused.Refusal.ToFailure();
                default:
                    throw new InvalidOperationException("Unknown verification result.");
            }
        }, cancellationToken);
        return new VerifyOutcome(outcome, attemptsRemaining);
    }

    /// <summary>The participant behind an access token (<c>Authorization: Bearer …</c>), or null (401) for any token that does not work.</summary>
    public async Task<MeView?> MeAsync(string? authorizationHeader, CancellationToken cancellationToken)
    {
        var (check, snapshot, _) = await ResolveAsync(BearerToken(authorizationHeader), TokenKind.Access, cancellationToken);
        if (check != LinkCheck.Valid)
        {
            return null;
        }
        var (session, p) = snapshot!;
        return new MeView(session.SessionId, session.Status, new MeParticipantView(p.ParticipantId, p.Name, p.Role));
    }

    private async Task<Outcome<OtpStatusView>> IssueOrSendAsync(
        Session session, Participant p, DateTimeOffset now, OtpCodeResult result, CancellationToken cancellationToken)
    {
        if (result is not OtpCodeResult.Ready { Code: var code } ready)
        {
            return ((OtpCodeResult.Refused)result).Refusal.ToFailure();
        }
        if (ready.NewState is { } state)
        {
            var updated = ParticipantOtp.Apply(p, state, now);
            if (code.ShouldSend)
            {
                updated = updated with { OtpDelivery = new DeliveryState<OtpDeliveryStatus>(OtpDeliveryStatus.Queued) };
            }
            else if (code.IssuedNew)
            {
                updated = updated with { OtpDelivery = new DeliveryState<OtpDeliveryStatus>(OtpDeliveryStatus.None) };
            }
            var change = new SessionChange(session.SessionId, session.ExpiresAt).Put(updated);
            if (code.IssuedNew)
            {
                change.Emit(EventTypes.OtpRequested, now, new OtpRequestedData(session.SessionId, session.Reference, p.ParticipantId, p.Role,
                    p.OtpMode, ContactData.Of(p.Otp), code.CodeId, code.ExpiresAt, code.ShouldSend));
            }
            await sessions.CommitAsync(change, cancellationToken);
            if (code.ShouldSend)
            {
                await otpDeliveries.EnqueueAsync(new OtpDeliveryMessage(session.SessionId, p.ParticipantId, code.CodeId), cancellationToken);
            }
        }
        return new OtpStatusView(p.OtpMode, p.Otp?.Masked, code.ExpiresAt, code.ResendAvailableAt, code.AttemptsRemaining);
    }

    /// <summary>
    /// Resolves the invite link, then runs <paramref name="step"/> on its participant: first with the snapshot the
    /// resolution read, then — after an ETag conflict — on a fresh one, checking the link again each time.
    /// </summary>
    private async Task<Outcome<T>> OnLinkAsync<T>(
        string? inviteToken, LinkCheck expected, Func<Session, Participant, DateTimeOffset, Task<Outcome<T>>> step, CancellationToken cancellationToken)
    {
        var (check, first, token) = await ResolveAsync(inviteToken, TokenKind.Invite, cancellationToken);
        if (check != expected)
        {
            return check == LinkCheck.Expired ? LinkExpired() : LinkInvalid();
        }
        return await ConcurrencyRetry.RunAsync(async () =>
        {
            var snapshot = first ?? await sessions.LoadParticipantAsync(token!.SessionId, token.ParticipantId, cancellationToken);
            first = null;
            var now = time.GetUtcNow();
            var again = LinkRules.Check(token, snapshot, TokenKind.Invite, now);
            if (again != expected)
            {
                return again == LinkCheck.Expired ? LinkExpired() : LinkInvalid();
            }
            return await step(snapshot!.Session, snapshot.Participant, now);
        });
    }

    /// <summary>
    /// The same two lookups whatever the token: its row (by hash), then its session partition — for an unknown token
    /// a participant that does not exist — so that every "no" costs about the same time.
    /// </summary>
    private async Task<(LinkCheck Check, ParticipantSnapshot? Snapshot, TokenRecord? Token)> ResolveAsync(
        string? token, TokenKind kind, CancellationToken cancellationToken)
    {
        var hash = TokenFactory.IsWellFormed(token) ? TokenFactory.Hash(token!) : Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var record = await tokens.FindAsync(hash, cancellationToken);
        var snapshot = record is not null
            ? await sessions.LoadParticipantAsync(record.SessionId, record.ParticipantId, cancellationToken)
            : await sessions.LoadParticipantAsync(SessionIds.NewSessionId(), SessionIds.NewParticipantId(), cancellationToken);
        return (LinkRules.Check(record, snapshot, kind, time.GetUtcNow()), snapshot, record);
    }

    private static string? BearerToken(string? authorizationHeader) =>
        authorizationHeader is { } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : null;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

/// <summary>A fresh link is on its way to the participant's own invite address; it works until <see cref="LinkExpiresAt"/>.</summary>
public sealed record LinkRenewal(DateTimeOffset LinkExpiresAt);
