using OtpSessions.Core.Budgets;
using OtpSessions.Core.Deliveries;
using OtpSessions.Core.Events;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Passkeys;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Join;

/// <summary>
/// The customer API's application service: open the link, ask for a new link, enter without a code, arrive at the OTP
/// page, resend, verify, and "who am I" / sign out with an access token. The credential always comes from the
/// <c>Authorization</c> header (<see cref="CustomerAuthorization"/>), never from a URL. Every call resolves it the same
/// way — one read of the participant the token names (<see cref="TokenFactory"/>; it carries its session's terms:
/// <see cref="ISessionStore.LoadParticipantWithTermsAsync"/>), whatever the token — decides with the pure rules
/// (<see cref="LinkRules"/>, <see cref="OtpRules"/>) and writes the participant back with the version it read, together
/// with its outbox events, in one transaction. A lost version race re-reads and decides again after a jittered backoff, so
/// N parallel wrong codes count N attempts; when the races never end the answer is 503 <c>busy</c> (nothing counted).
/// No in-process lock is involved, so any number of instances may serve the same participant.
/// </summary>
public sealed class JoinService(
    ISessionStore sessions,
    OtpCodeIssuer issuer,
    ICodeProtector protector,
    TokenFactory tokenFactory,
    SendBudgets budgets,
    IPasskeyStore passkeys,
    PasskeyOwners passkeyOwners,
    TimeProvider time)
{
    /// <summary>One answer for every link that does not work: the same status, code and text.</summary>
    public static Failure LinkInvalid() =>
        new(FailureKind.NotFound, JoinErrorCodes.LinkInvalid, "This link is not valid. Ask the person who invited you for a new invitation.");

    public static Failure LinkExpired() =>
        new(FailureKind.Gone, JoinErrorCodes.LinkExpired, "This link has expired. You can ask for a new link.");

    public static Failure OtpRequired() =>
        new(FailureKind.Conflict, OtpErrorCodes.OtpRequired, "A code is required to enter: open the code page.");

    /// <summary>Opens the link: marks the participant <c>opened</c> the first time (event <c>participant.opened</c>).</summary>
    public Task<Outcome<JoinView>> OpenAsync(string? authorization, CancellationToken cancellationToken) =>
        OnLinkAsync<JoinView>(authorization, LinkCheck.Valid, async (session, p, now) =>
        {
            if (p.OpenedAt is null)
            {
                p = p with { OpenedAt = now, Status = p.Status == ParticipantStatus.Invited ? ParticipantStatus.Opened : p.Status };
                await sessions.CommitAsync(new SessionChange(session)
                    .Put(p)
                    .EmitRecorded(EventTypes.ParticipantOpened, now, new ParticipantOpenedData(session.SessionId, session.Reference, p.ParticipantId, p.Role),
                        p.ParticipantId, p.ParticipantId),
                    cancellationToken);
            }
            return new JoinView(session.Status, new JoinParticipantView(p.Name, p.Role, p.StatusAt(now), p.Locale),
                AuthenticationView.Of(session, p, await HasPasskeyAsync(session, p, cancellationToken)));
        }, cancellationToken);

    /// <summary>
    /// An expired link of an active session asks for a fresh one: a new link goes to the participant's own invite
    /// address (queue <c>invitations</c>) and the old one is revoked. Refused within the resend cooldown since the
    /// last invitation. Any other link — valid ones included — is <c>link_invalid</c>.
    /// </summary>
    public Task<Outcome<LinkRenewal>> RequestNewLinkAsync(string? authorization, CancellationToken cancellationToken) =>
        OnLinkAsync<LinkRenewal>(authorization, LinkCheck.Expired, async (session, p, now) =>
        {
            // The same limits as the agent's resend: the cooldown and the hourly cap on invitation sends.
            IReadOnlyList<DateTimeOffset> sends = p.InvitationSendTimes.Count > 0 ? p.InvitationSendTimes : [p.Invitation.RequestedAt];
            var wait = SendLimits.NextAllowedAt(sends, session.Policy, now) - now;
            if (wait > TimeSpan.Zero)
            {
                return new Failure(FailureKind.TooManyRequests, ErrorCodes.TooManyRequests, "A new link was sent moments ago; try again later.")
                {
                    RetryAfter = wait,
                };
            }
            if (await budgets.SpendAsync(session, p.Invite, cancellationToken) is { } overBudget)
            {
                return overBudget;
            }
            // The new invitation replaces the old one on the participant row: the old link stops with the commit.
            var linkExpiresAt = Min(now + session.Policy.InviteLinkLifetime, session.ExpiresAt);
            var invitation = tokenFactory.NewInvitation(session.SessionId, p.ParticipantId, now, linkExpiresAt);
            var renewed = p with { Invitation = invitation, InvitationSendTimes = [.. SendLimits.InWindow(sends, now), now] };
            await sessions.CommitAsync(new SessionChange(session)
                .Put(renewed)
                .Enqueue(QueueNames.Invitations, InvitationDelivery.MessageFor(renewed), now)
                .Record(JoinAuditActions.LinkRenewed, p.ParticipantId, now, p.ParticipantId,
                    new InvitationData(session.SessionId, session.Reference, p.ParticipantId, p.Role, ContactData.Of(p.Invite)!, invitation.Attempt)),
                cancellationToken);
            return new LinkRenewal(linkExpiresAt);
        }, cancellationToken);

    /// <summary>
    /// Enters without a code — only where the session's policy does not require OTP (else 409 <c>otp_required</c>): the
    /// participant is <c>authenticated</c> and this entry gets its own access token.
    /// </summary>
    public Task<Outcome<AccessTokenView>> EnterAsync(string? authorization, CancellationToken cancellationToken) =>
        OnLinkAsync<AccessTokenView>(authorization, LinkCheck.Valid, async (session, p, now) =>
        {
            if (session.Policy.RequireOtp)
            {
                return OtpRequired();
            }
            return await AuthenticateAsync(session, p.WithOtp(p.OtpState with { AuthenticatedAt = now }, now), EntryMethod.None, now,
                cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// The participant arrives at the OTP page: a code is issued when none is active, the participant becomes
    /// <c>awaiting_otp</c>, and with Auto OTP exactly one <c>otp-deliveries</c> message is queued. Calling again while
    /// the code is active changes nothing and sends nothing. An <c>authenticated</c> participant who enters through the
    /// link again gets a new code the same way (every entry authenticates again); counters carry over.
    /// </summary>
    public Task<Outcome<OtpStatusView>> RequestOtpAsync(string? authorization, CancellationToken cancellationToken) =>
        OnLinkAsync<OtpStatusView>(authorization, LinkCheck.Valid, (session, p, now) =>
            IssueOrSendAsync(session, p, now,
                OtpRules.RequestCode(p.OtpState, session.Policy, now, p.OtpMode, () => issuer.Issue(session.Policy, session.SessionId, p.ParticipantId)), cancellationToken),
            cancellationToken);

    /// <summary>
    /// Sends the active code again (same value, same expiry), or a new one when none is active. Auto OTP only;
    /// refused within the cooldown and past the hourly cap.
    /// </summary>
    public Task<Outcome<OtpStatusView>> ResendOtpAsync(string? authorization, CancellationToken cancellationToken) =>
        OnLinkAsync<OtpStatusView>(authorization, LinkCheck.Valid, (session, p, now) =>
            IssueOrSendAsync(session, p, now,
                OtpRules.Resend(p.OtpState, session.Policy, now, p.OtpMode, () => issuer.Issue(session.Policy, session.SessionId, p.ParticipantId)), cancellationToken),
            cancellationToken);

    /// <summary>
    /// Checks the code (constant time). Right: the code is consumed, the participant is <c>authenticated</c> and this
    /// entry gets its own opaque access token (only its hash is stored; earlier ones keep working). Wrong: one attempt is
    /// counted — written with the version read, so concurrent guesses each count — and the last allowed one locks (or bans)
    /// the participant.
    /// </summary>
    public async Task<Outcome<AccessTokenView>> VerifyAsync(string? authorization, VerifyInput? input, CancellationToken cancellationToken)
    {
        if (input?.Code is not { Length: > 0 and <= VerifyInput.MaxLength } candidate || string.IsNullOrWhiteSpace(candidate))
        {
            return new Failure(FailureKind.Invalid, ErrorCodes.InvalidRequest, "The body must carry the code.")
            {
                Errors = new Dictionary<string, string[]> { ["code"] = [$"A code of 1–{VerifyInput.MaxLength} characters is required."] },
            };
        }
        return await OnLinkAsync<AccessTokenView>(authorization, LinkCheck.Valid, async (session, p, now) =>
        {
            return await SettleAsync(session, p, OtpRules.Verify(p.OtpState, session.Policy, now, protector, session.SessionId, p.ParticipantId,
                candidate.Trim()), EntryMethod.Otp, now, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>
    /// Writes what a verification decided: authenticated (<see cref="AuthenticateAsync"/> by <paramref name="method"/>), or
    /// refused — a counted wrong attempt is stored (event <c>participant.locked</c> when it locked or banned) — with the refusal.
    /// </summary>
    internal async Task<Outcome<AccessTokenView>> SettleAsync(SessionTerms session, Participant p, VerifyResult result, EntryMethod method,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        switch (result)
        {
            case VerifyResult.Authenticated authenticated:
                return await AuthenticateAsync(session, p.WithOtp(authenticated.NewState!, now), method, now, cancellationToken);
            case VerifyResult.Refused refused:
                if (refused.NewState is { } counted)
                {
                    var updated = p.WithOtp(counted, now);
                    var change = new SessionChange(session).Put(updated).Record(AuditActions.WrongAttempt, p.ParticipantId, now, p.ParticipantId,
                        new WrongAttemptData(p.ParticipantId, p.OtpState.CodeId, counted.FailedAttempts, counted.Lockouts));
                    if (refused.LockedNow)
                    {
                        change.EmitRecorded(EventTypes.ParticipantLocked, now, new ParticipantLockedData(session.SessionId, session.Reference,
                            p.ParticipantId, p.Role, updated.OtpState.LockedUntil, updated.Status == ParticipantStatus.Banned, updated.OtpState.Lockouts),
                            p.ParticipantId, p.ParticipantId);
                    }
                    await sessions.CommitAsync(change, cancellationToken);
                }
                return refused.Refusal.ToFailure();
            default:
                throw new InvalidOperationException("Unknown verification result.");
        }
    }

    /// <summary>The participant behind an access token (<c>Authorization: Bearer …</c>), or null (401) for any token that does not work.</summary>
    public async Task<MeView?> MeAsync(string? authorization, CancellationToken cancellationToken)
    {
        var (check, snapshot, _) = await ResolveAsync(CustomerAuthorization.AccessToken(authorization), TokenKind.Access, cancellationToken);
        if (check != LinkCheck.Valid)
        {
            return null;
        }
        var (session, p) = snapshot!;
        return new MeView(session.SessionId, session.Status, new MeParticipantView(p.ParticipantId, p.Name, p.Role, p.Locale));
    }

    /// <summary>
    /// Signs this access token out: its hash leaves the participant row (version-checked), so it stops at once; other
    /// entries' tokens keep working. False (401) for any token that does not work.
    /// </summary>
    public async Task<bool> SignOutAsync(string? authorization, CancellationToken cancellationToken)
    {
        var (check, first, hash) = await ResolveAsync(CustomerAuthorization.AccessToken(authorization), TokenKind.Access, cancellationToken);
        if (check != LinkCheck.Valid)
        {
            return false;
        }
        var (sessionId, participantId) = (first!.Terms.SessionId, first.Participant.ParticipantId);
        return await ConcurrencyRetry.RunAsync(ConcurrencyRetry.FirstThenFresh(first,
            () => sessions.LoadParticipantWithTermsAsync(sessionId, participantId, cancellationToken), async snapshot =>
        {
            if (snapshot is null || LinkRules.Check(hash, TokenKind.Access, snapshot, time.GetUtcNow()) != LinkCheck.Valid)
            {
                return false;
            }
            await sessions.CommitAsync(new SessionChange(snapshot.Terms)
                .Put(snapshot.Participant.WithoutAccessToken(hash))
                .Record(AuditActions.CustomerSignedOut, participantId, time.GetUtcNow(), participantId, new { participantId }), cancellationToken);
            return true;
        }));
    }

    /// <summary>
    /// Commits <paramref name="authenticated"/> (event <c>participant.authenticated</c> with <paramref name="method"/>) with a
    /// new access token for this entry: only its hash (and how the entry was authenticated) is stored, on the participant
    /// row, in the same transaction.
    /// </summary>
    internal async Task<Outcome<AccessTokenView>> AuthenticateAsync(SessionTerms session, Participant authenticated, EntryMethod method,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var accessToken = TokenFactory.NewAccessToken(session.SessionId, authenticated.ParticipantId);
        var validUntil = Min(now + session.Policy.AccessTokenLifetime, session.ExpiresAt);
        await sessions.CommitAsync(new SessionChange(session)
            .Put(authenticated.WithAccessToken(new AccessGrant(TokenFactory.Hash(accessToken), validUntil, method), now))
            .EmitRecorded(EventTypes.ParticipantAuthenticated, now,
                new ParticipantAuthenticatedData(session.SessionId, session.Reference, authenticated.ParticipantId, authenticated.Role, method),
                authenticated.ParticipantId, authenticated.ParticipantId), cancellationToken);
        return new AccessTokenView(accessToken, validUntil);
    }

    /// <summary>Whether this participant may enter with a passkey: the policy allows it and its verified address has one (one query).</summary>
    private async Task<bool> HasPasskeyAsync(SessionTerms session, Participant p, CancellationToken cancellationToken) =>
        PasskeyRules.Allowed(session.Policy)
        && (await passkeys.ListAsync(passkeyOwners.KeyOf(PasskeyRules.AddressOf(p)), cancellationToken)).Count > 0;

    private async Task<Outcome<OtpStatusView>> IssueOrSendAsync(
        SessionTerms session, Participant p, DateTimeOffset now, OtpCodeResult result, CancellationToken cancellationToken)
    {
        if (result is not OtpCodeResult.Ready { Code: var code } ready)
        {
            return ((OtpCodeResult.Refused)result).Refusal.ToFailure();
        }
        if (code.ShouldSend
            && await budgets.SpendAsync(session, p.Otp!, cancellationToken) is { } overBudget)
        {
            // Over a send budget: nothing is sent and no new code is issued; the agent sees the refusal and when it ends.
            if (code.IssuedNew)
            {
                await sessions.CommitAsync(new SessionChange(session).Put(p with
                {
                    OtpDelivery = new Delivery(DeliveryKindNames.Code, DeliveryStatus.Refused) { RetryAt = now + overBudget.RetryAfter },
                }), cancellationToken);
            }
            return overBudget;
        }
        if (ready.NewState is { } state)
        {
            var updated = p.WithOtp(state, now);
            if (code.ShouldSend)
            {
                updated = updated with
                {
                    OtpDelivery = Delivery.Queued(DeliveryKindNames.Code, code.CodeId, state.CodeSends),
                };
            }
            else if (code.IssuedNew)
            {
                updated = updated with { OtpDelivery = Delivery.None(DeliveryKindNames.Code) with { Item = code.CodeId } };
            }
            var change = new SessionChange(session).Put(updated);
            if (code.ShouldSend)
            {
                change.Enqueue(QueueNames.OtpDeliveries, CodeDelivery.MessageFor(p, code.CodeId), now);
            }
            var requested = new OtpRequestedData(session.SessionId, session.Reference, p.ParticipantId, p.Role,
                p.OtpMode, ContactData.Of(p.Otp), code.CodeId, code.ExpiresAt, code.ShouldSend);
            if (code.IssuedNew)
            {
                change.EmitRecorded(EventTypes.OtpRequested, now, requested, p.ParticipantId, p.ParticipantId);
            }
            else
            {
                // A resend of the active code: no event, but the trail keeps every code request.
                change.Record(EventTypes.OtpRequested, p.ParticipantId, now, p.ParticipantId, requested);
            }
            await sessions.CommitAsync(change, cancellationToken);
        }
        return new OtpStatusView(p.OtpMode, p.Otp?.Masked, code.ExpiresAt, code.ResendAvailableAt, code.AttemptsRemaining);
    }

    /// <summary>
    /// Resolves the invite link, then runs <paramref name="step"/> on its participant: first with the snapshot the
    /// resolution read, then — after a version conflict — on a fresh one, checking the link again each time.
    /// </summary>
    internal async Task<Outcome<T>> OnLinkAsync<T>(
        string? authorization, LinkCheck expected, Func<SessionTerms, Participant, DateTimeOffset, Task<Outcome<T>>> step, CancellationToken cancellationToken)
    {
        var (check, first, hash) = await ResolveAsync(CustomerAuthorization.InviteToken(authorization), TokenKind.Invite, cancellationToken);
        if (check != expected)
        {
            return check == LinkCheck.Expired ? LinkExpired() : LinkInvalid();
        }
        var (sessionId, participantId) = (first!.Terms.SessionId, first.Participant.ParticipantId);
        return await ConcurrencyRetry.DecideAsync(ConcurrencyRetry.FirstThenFresh(first,
            () => sessions.LoadParticipantWithTermsAsync(sessionId, participantId, cancellationToken), async snapshot =>
        {
            var now = time.GetUtcNow();
            var again = LinkRules.Check(hash, TokenKind.Invite, snapshot, now);
            if (again != expected)
            {
                return again == LinkCheck.Expired ? LinkExpired() : LinkInvalid();
            }
            return await step(snapshot!.Terms, snapshot.Participant, now);
        }));
    }

    /// <summary>
    /// One read whatever the token: the participant row it names — for anything that is not a token, one of a random
    /// session that does not exist — so that every "no" costs about the same time.
    /// </summary>
    internal async Task<(LinkCheck Check, ParticipantWithTerms? Snapshot, string TokenHash)> ResolveAsync(
        string? token, TokenKind kind, CancellationToken cancellationToken)
    {
        if (!TokenFactory.TryReadHolder(token, out var sessionId, out var participantId))
        {
            (sessionId, participantId) = (SessionIds.NewSessionId(), SessionIds.NewParticipantId());
        }
        var hash = TokenFactory.Hash(string.IsNullOrEmpty(token) ? "-" : token);
        var snapshot = await sessions.LoadParticipantWithTermsAsync(sessionId, participantId, cancellationToken);
        return (LinkRules.Check(hash, kind, snapshot, time.GetUtcNow()), snapshot, hash);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
