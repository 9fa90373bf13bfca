using System.Buffers.Text;
using System.Security.Cryptography;
using OtpSessions.Core.Auth;
using OtpSessions.Core.Budgets;
using OtpSessions.Core.Deliveries;
using OtpSessions.Core.Events;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Agents;

/// <summary>
/// The agent API's application service: start, list, read, add, reassign, resend, sign a participant out, close. Each call loads the session
/// partition, decides with the domain rules, and commits the state change with its outbox events and audit rows in
/// one transaction (retried on a version conflict). A participant's invite link is the invitation on its row (a new one
/// replaces the old in the same commit, so the old link stops with it); invitation messages are committed with the change as pending work and
/// relayed to the queue right after it (<see cref="PendingWork"/>); the session's summary in the listing index is
/// written after it.
/// </summary>
public sealed class SessionService(
    ISessionStore sessions,
    IIdempotencyStore idempotency,
    ISessionIndex index,
    IReportLinkIndex reportLinks,
    EffectivePolicyProvider policies,
    TokenFactory tokenFactory,
    ChannelAvailability channels,
    SendBudgets budgets,
    TimeProvider time)
{
    /// <summary>How long an Idempotency-Key is remembered per agent.</summary>
    public static readonly TimeSpan IdempotencyWindow = TimeSpan.FromHours(24);

    /// <summary>A claimed Idempotency-Key whose request made no session within this time is taken over by the next request with it.</summary>
    public static readonly TimeSpan IdempotencyClaimTimeout = TimeSpan.FromMinutes(1);

    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;

    public async Task<Outcome<SessionView>> StartAsync(
        AgentPrincipal agent, StartSessionInput? input, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var policy = await policies.ForTeamAsync(agent.Team, cancellationToken);
        var valid = SessionRules.ValidateStart(input, policy);
        if (valid.Failure is { } invalid)
        {
            return invalid;
        }
        if (channels.Refuse(valid.Value.Participants) is { } unavailable)
        {
            return unavailable;
        }
        var now = time.GetUtcNow();
        var session = new Session
        {
            SessionId = SessionIds.NewSessionId(),
            AgentId = agent.Subject,
            Team = agent.Team,
            Reference = valid.Value.Reference,
            Status = SessionStatus.Active,
            CreatedAt = now,
            ExpiresAt = now + policy.SessionLifetime,
            Policy = policy,
            ParticipantCount = valid.Value.Participants.Count,
        };

        IdempotencyRecord? claimed = null;
        if (idempotencyKey is not null)
        {
            var request = new IdempotencyRecord(agent.Subject, idempotencyKey, session.SessionId, now + IdempotencyWindow)
            {
                BodyHash = BodyHash(input!),
                ClaimedAt = now,
            };
            var claim = await ClaimAsync(agent, request, cancellationToken);
            if (claim.Answer is { } answer)
            {
                return answer;
            }
            claimed = claim.Claimed;
        }

        // The invitations count against the send budgets before anything is written: over budget, no session (and the
        // Idempotency-Key is let go, so a retry is a new try).
        if (await budgets.SpendAsync(new BudgetedSend(agent.Subject, agent.Team, [.. valid.Value.Participants.Select(p => p.Invite)]),
                cancellationToken) is { } overBudget)
        {
            if (claimed is not null)
            {
                await idempotency.ReleaseAsync(claimed, CancellationToken.None);
            }
            return overBudget;
        }

        var committed = false;
        try
        {
            var participants = valid.Value.Participants.Select((p, i) => NewParticipant(session, i, p, now)).ToList();
            await PutReportLinksAsync(session, participants, cancellationToken);

            var change = new SessionChange(session).Put(session);
            participants.ForEach(p => change.Put(p).Enqueue(QueueNames.Invitations, InvitationDelivery.MessageFor(p), now));
            var data = new SessionStartedData(session.SessionId, agent.EventId, session.Team, session.Reference,
                [.. participants.Select(ParticipantData.Of)]);
            change.Emit(EventTypes.SessionStarted, now, data)
                .Record(AuditActions.SessionStarted, agent.Subject, now, null, data);
            await sessions.CommitAsync(change, cancellationToken);
            committed = true;

            var view = SessionView.Of(session, participants, now);
            await Task.WhenAll(index.PutAsync(SessionSummary.Of(session, participants), cancellationToken), claimed is null
                ? Task.CompletedTask
                : idempotency.CompleteAsync(claimed, JsonSerializer.Serialize(view, SessionJson.Options), cancellationToken));
            return view;
        }
        catch when (claimed is not null && !committed)
        {
            await idempotency.ReleaseAsync(claimed, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// The agent's sessions, newest first (a supervisor with a team: the team's), optionally by status and exact
    /// reference; <paramref name="continuationToken"/> continues an earlier page.
    /// </summary>
    public async Task<Outcome<SessionPage>> ListAsync(AgentPrincipal agent, SessionStatus? status, string? reference, int limit,
        string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var owner = agent.IsSupervisor && agent.Team is { } team ? SessionOwner.OfTeam(team) : SessionOwner.OfAgent(agent.Subject);
        var page = await index.ListAsync(new SessionQuery(owner, status, reference, Math.Clamp(limit, 1, MaxPageSize), continuationToken), cancellationToken);
        return page is null
            ? new Failure(FailureKind.Invalid, ErrorCodes.InvalidRequest, "continuationToken is not one this listing gave out.")
            {
                Errors = new Dictionary<string, string[]> { ["continuationToken"] = ["Pass the continuationToken of the previous page unchanged."] },
            }
            : page;
    }

    public async Task<Outcome<SessionView>> GetAsync(AgentPrincipal agent, string sessionId, CancellationToken cancellationToken)
    {
        var snapshot = await LoadOwnedAsync(agent, sessionId, cancellationToken);
        return snapshot is null
            ? Failure.SessionNotFound()
            : SessionView.Of(snapshot.Session, snapshot.Participants, time.GetUtcNow());
    }

    public Task<Outcome<ParticipantView>> AddParticipantAsync(
        AgentPrincipal agent, string sessionId, ParticipantInput? input, CancellationToken cancellationToken) =>
        DecideOnActiveAsync<ParticipantView>(agent, sessionId, cancellationToken, async (snapshot, now) =>
        {
            var session = snapshot.Session;
            var cosigners = snapshot.Participants.Count(p => p.IsCurrent && p.Role == ParticipantRole.Cosigner);
            var valid = SessionRules.ValidateAddition(input, session.Policy, cosigners);
            if (await RefuseNewcomerAsync(session, valid, cancellationToken) is { } refused)
            {
                return refused;
            }
            var participant = NewParticipant(session, session.ParticipantCount, valid.Value!, now);
            await PutReportLinksAsync(session, [participant], cancellationToken);
            var data = new ParticipantAddedData(session.SessionId, session.Reference, agent.EventId, ParticipantData.Of(participant));
            await sessions.CommitAsync(new SessionChange(session)
                .Put(session with { ParticipantCount = session.ParticipantCount + 1 })
                .Put(participant)
                .Enqueue(QueueNames.Invitations, InvitationDelivery.MessageFor(participant), now)
                .Emit(EventTypes.ParticipantAdded, now, data)
                .Record(AuditActions.ParticipantAdded, agent.Subject, now, participant.ParticipantId, data), cancellationToken);
            await index.PutAsync(SessionSummary.Of(session, [.. snapshot.Participants, participant]), cancellationToken);
            return Outcome<ParticipantView>.Success(ParticipantView.Of(session, participant, now));
        });

    /// <summary>
    /// Replaces a participant who has not authenticated (a reported one too: the agent decides who gets a new link): the old one becomes <c>reassigned</c> (its link, code and
    /// access stop at once), the new one gets the same role and a new link.
    /// </summary>
    public Task<Outcome<ParticipantView>> ReassignAsync(
        AgentPrincipal agent, string sessionId, string participantId, ReplacementInput? input, CancellationToken cancellationToken) =>
        DecideOnParticipantAsync<ParticipantView>(agent, sessionId, participantId, cancellationToken, async (snapshot, old, now) =>
        {
            var session = snapshot.Session;
            if (old.Status is ParticipantStatus.Authenticated or ParticipantStatus.Reassigned or ParticipantStatus.Removed)
            {
                return new Failure(FailureKind.Conflict, ErrorCodes.ParticipantNotReassignable,
                    $"A participant who is {old.Status.ToWire()} cannot be reassigned.");
            }
            var valid = SessionRules.ValidateReplacement(input, old.Role, session.Policy);
            if (await RefuseNewcomerAsync(session, valid, cancellationToken) is { } refused)
            {
                return refused;
            }
            var replacement = NewParticipant(session, session.ParticipantCount, valid.Value!, now) with { Replaces = old.ParticipantId };
            await PutReportLinksAsync(session, [replacement], cancellationToken);
            var data = new ParticipantReassignedData(session.SessionId, session.Reference, agent.EventId, old.ParticipantId,
                ParticipantData.Of(replacement));
            await sessions.CommitAsync(new SessionChange(session)
                .Put(session with { ParticipantCount = session.ParticipantCount + 1 })
                .Put(old with { Status = ParticipantStatus.Reassigned, ReplacedBy = replacement.ParticipantId, OtpState = old.OtpState.WithoutCode() })
                .Put(replacement)
                .Enqueue(QueueNames.Invitations, InvitationDelivery.MessageFor(replacement), now)
                .Emit(EventTypes.ParticipantReassigned, now, data)
                .Record(AuditActions.ParticipantReassigned, agent.Subject, now, old.ParticipantId, data), cancellationToken);
            return Outcome<ParticipantView>.Success(ParticipantView.Of(session, replacement, now));
        });

    /// <summary>
    /// Sends the invite link again: the same link while it is valid (the next attempt of the same invitation), a new
    /// link (old one revoked) once it has expired or once the key that made it has left the keyring. Refused (429 with the
    /// wait) within the policy's resend cooldown or past its hourly send limit (<see cref="SendLimits"/>).
    /// </summary>
    public Task<Outcome<ParticipantView>> ResendInvitationAsync(
        AgentPrincipal agent, string sessionId, string participantId, CancellationToken cancellationToken) =>
        DecideOnParticipantAsync<ParticipantView>(agent, sessionId, participantId, cancellationToken, async (snapshot, participant, now) =>
        {
            var session = snapshot.Session;
            if (!participant.IsCurrent || participant.IsReported)
            {
                return new Failure(FailureKind.Conflict, ErrorCodes.ParticipantNotInvitable,
                    $"A participant who is {participant.Status.ToWire()} gets no invitation.");
            }
            // Rows written before send times were kept know the current attempt only.
            IReadOnlyList<DateTimeOffset> sends = participant.InvitationSendTimes.Count > 0 ? participant.InvitationSendTimes : [participant.Invitation.RequestedAt];
            var wait = SendLimits.NextAllowedAt(sends, session.Policy, now) - now;
            if (wait > TimeSpan.Zero)
            {
                return new Failure(FailureKind.TooManyRequests, ErrorCodes.TooManyRequests,
                    "The invitation was sent moments ago, or too often this hour; try again later.")
                {
                    RetryAfter = wait,
                };
            }
            if (await budgets.SpendAsync(session, participant.Invite, cancellationToken) is { } overBudget)
            {
                return overBudget;
            }
            var old = participant.Invitation;
            var invitation = old.LinkExpiresAt > now && tokenFactory.CanDerive(old)
                ? old.Resent(now)
                : NewInvitation(session, participant.ParticipantId, now);
            var updated = participant with { Invitation = invitation, InvitationSendTimes = [.. SendLimits.InWindow(sends, now), now] };
            var data = new InvitationData(session.SessionId, session.Reference, participant.ParticipantId, participant.Role,
                ContactData.Of(participant.Invite)!, invitation.Attempt);
            await sessions.CommitAsync(new SessionChange(session)
                .Put(updated)
                .Enqueue(QueueNames.Invitations, InvitationDelivery.MessageFor(updated), now)
                .Record(AuditActions.InvitationResent, agent.Subject, now, participant.ParticipantId, data), cancellationToken);
            return Outcome<ParticipantView>.Success(ParticipantView.Of(session, updated, now));
        });

    /// <summary>
    /// Ends a participant's access: every access token of its entries stops working at once (they live on its row,
    /// rewritten in one version-checked transaction with the event <c>participant.signed_out</c> and its audit row); an
    /// authenticated participant shows as <c>opened</c> and may enter again through its link, authenticating again.
    /// Nothing to end (no access token still valid, a closed session, a reassigned participant) is an answer too: the
    /// view, unchanged and without an event.
    /// </summary>
    public Task<Outcome<ParticipantView>> SignOutParticipantAsync(
        AgentPrincipal agent, string sessionId, string participantId, CancellationToken cancellationToken) =>
        ConcurrencyRetry.DecideAsync<ParticipantView>(async () =>
        {
            var snapshot = await LoadOwnedAsync(agent, sessionId, cancellationToken);
            var now = time.GetUtcNow();
            if (snapshot is null)
            {
                return Failure.SessionNotFound();
            }
            var session = snapshot.Session;
            if (snapshot.Find(participantId) is not { } participant)
            {
                return Failure.ParticipantNotFound();
            }
            var ended = participant.AccessTokens.Count(g => g.ValidUntil > now);
            if (!session.IsActiveAt(now) || !participant.IsCurrent || (ended == 0 && participant.Status != ParticipantStatus.Authenticated))
            {
                return ParticipantView.Of(session, participant, now);
            }
            var signedOut = participant.SignedOut();
            var data = new ParticipantSignedOutData(session.SessionId, session.Reference, participant.ParticipantId, participant.Role, agent.EventId, ended);
            await sessions.CommitAsync(new SessionChange(session)
                .Put(signedOut)
                .Emit(EventTypes.ParticipantSignedOut, now, data)
                .Record(AuditActions.ParticipantSignedOut, agent.Subject, now, participant.ParticipantId, data), cancellationToken);
            return Outcome<ParticipantView>.Success(ParticipantView.Of(session, signedOut, now));
        });

    /// <summary>Closes the session: every link, code and access token stops working at once. Closing twice is fine.</summary>
    public Task<Outcome<SessionView>> CloseAsync(AgentPrincipal agent, string sessionId, CancellationToken cancellationToken) =>
        ConcurrencyRetry.DecideAsync<SessionView>(async () =>
        {
            var snapshot = await LoadOwnedAsync(agent, sessionId, cancellationToken);
            var now = time.GetUtcNow();
            if (snapshot is null)
            {
                return Failure.SessionNotFound();
            }
            if (snapshot.Session.Status == SessionStatus.Closed)
            {
                return SessionView.Of(snapshot.Session, snapshot.Participants, now);
            }
            var closed = snapshot.Session with { Status = SessionStatus.Closed, ClosedAt = now, ClosedBy = agent.Subject };
            var data = new SessionClosedData(closed.SessionId, closed.Reference, agent.EventId);
            var change = new SessionChange(closed)
                .Put(closed)
                .Emit(EventTypes.SessionClosed, now, data)
                .Record(AuditActions.SessionClosed, agent.Subject, now, null, data);
            // Every participant row carries the session's copy, which the customer flow checks: rewritten in the same
            // transaction, it stops every link, code and access token at once (and a customer request racing the close
            // loses its version).
            foreach (var participant in snapshot.Participants)
            {
                change.Put(participant);
            }
            await sessions.CommitAsync(change, cancellationToken);
            await index.PutAsync(SessionSummary.Of(closed, snapshot.Participants), cancellationToken);
            return Outcome<SessionView>.Success(SessionView.Of(closed, snapshot.Participants, now));
        });

    private async Task<SessionSnapshot?> LoadOwnedAsync(AgentPrincipal agent, string sessionId, CancellationToken cancellationToken)
    {
        var snapshot = await sessions.LoadSessionAsync(sessionId, cancellationToken);
        return snapshot is not null && SessionAccess.CanAct(agent, snapshot.Session.AgentId, snapshot.Session.Team) ? snapshot : null;
    }

    /// <summary>
    /// Claims the Idempotency-Key for this request, or answers for the request that holds it: 422 when that one had
    /// another body; its response or its session when it got that far; 409 while it may still be running; and once its
    /// claim is older than <see cref="IdempotencyClaimTimeout"/> without a session, this request takes the claim over
    /// (version-checked: of two such requests, one wins).
    /// </summary>
    private async Task<(IdempotencyRecord? Claimed, Outcome<SessionView>? Answer)> ClaimAsync(
        AgentPrincipal agent, IdempotencyRecord request, CancellationToken cancellationToken)
    {
        var claim = await idempotency.ClaimAsync(request, cancellationToken);
        if (claim.Won)
        {
            return (claim.Record, null);
        }
        var first = claim.Record;
        if (first.BodyHash is not null && first.BodyHash != request.BodyHash)
        {
            return (null, new Failure(FailureKind.Unprocessable, ErrorCodes.IdempotencyKeyReused,
                "This Idempotency-Key was used with a different request body; use a new key for a new request."));
        }
        if (first.ResponseJson is not null)
        {
            return (null, JsonSerializer.Deserialize<SessionView>(first.ResponseJson, SessionJson.Options)!);
        }
        // The first request has committed nothing yet, or died after committing: answer with its session if it exists.
        var snapshot = await LoadOwnedAsync(agent, first.SessionId, cancellationToken);
        if (snapshot is not null)
        {
            return (null, SessionView.Of(snapshot.Session, snapshot.Participants, time.GetUtcNow()));
        }
        if (first.ClaimedAt is not { } claimedAt || request.ClaimedAt - claimedAt >= IdempotencyClaimTimeout)
        {
            var takeover = await idempotency.TakeOverAsync(first, request, cancellationToken);
            if (takeover.Won)
            {
                return (takeover.Record, null);
            }
        }
        return (null, new Failure(FailureKind.Conflict, ErrorCodes.IdempotencyKeyInUse,
            "A request with this Idempotency-Key is still in progress; retry shortly.")
        {
            RetryAfter = TimeSpan.FromSeconds(1),
        });
    }

    /// <summary>What an Idempotency-Key remembers of its request body: SHA-256 (base64url) of the body as parsed, in canonical form.</summary>
    public static string BodyHash(StartSessionInput input) =>
        Base64Url.EncodeToString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(input, SessionJson.Options)));

    /// <summary>
    /// What every change to a running session starts with: (again after a version conflict) the session as loaded for an
    /// agent who may act on it — 404 when absent or not theirs, 409 <c>session_closed</c> when closed or expired — then
    /// <paramref name="decide"/>.
    /// </summary>
    private Task<Outcome<T>> DecideOnActiveAsync<T>(AgentPrincipal agent, string sessionId, CancellationToken cancellationToken,
        Func<SessionSnapshot, DateTimeOffset, Task<Outcome<T>>> decide) =>
        ConcurrencyRetry.DecideAsync<T>(async () =>
        {
            var snapshot = await LoadOwnedAsync(agent, sessionId, cancellationToken);
            var now = time.GetUtcNow();
            if (Refuse(snapshot, now) is { } refused)
            {
                return refused;
            }
            return await decide(snapshot!, now);
        });

    /// <summary><see cref="DecideOnActiveAsync"/> for one participant of the session: 404 when the session has no such participant.</summary>
    private Task<Outcome<T>> DecideOnParticipantAsync<T>(AgentPrincipal agent, string sessionId, string participantId,
        CancellationToken cancellationToken, Func<SessionSnapshot, Participant, DateTimeOffset, Task<Outcome<T>>> decide) =>
        DecideOnActiveAsync(agent, sessionId, cancellationToken, (snapshot, now) =>
            snapshot.Find(participantId) is { } participant
                ? decide(snapshot, participant, now)
                : Task.FromResult<Outcome<T>>(Failure.ParticipantNotFound()));

    private static Failure? Refuse(SessionSnapshot? snapshot, DateTimeOffset now) =>
        snapshot is null ? Failure.SessionNotFound()
        : !snapshot.Session.IsActiveAt(now) ? Failure.SessionClosed()
        : null;

    /// <summary>
    /// Why a participant about to join a running session (added, or replacing another) may not: its input is invalid,
    /// its channel is not available, the session is full, or its invitation would pass a send budget (which it spends
    /// otherwise); null when it may join.
    /// </summary>
    private async Task<Failure?> RefuseNewcomerAsync(Session session, Outcome<NewParticipant> valid, CancellationToken cancellationToken)
    {
        if (valid.Failure is { } invalid)
        {
            return invalid;
        }
        if (channels.Refuse([valid.Value!]) is { } unavailable)
        {
            return unavailable;
        }
        if (session.ParticipantCount >= SessionRules.MaxParticipantsPerSession)
        {
            return TooManyParticipants();
        }
        return await budgets.SpendAsync(session, valid.Value!.Invite, cancellationToken);
    }

    private static Failure TooManyParticipants() =>
        new(FailureKind.Conflict, ErrorCodes.TooManyParticipants,
            $"A session holds at most {SessionRules.MaxParticipantsPerSession} participants, including reassigned ones.");

    private Participant NewParticipant(Session session, int index, NewParticipant p, DateTimeOffset now)
    {
        var participantId = SessionIds.NewParticipantId();
        return new()
        {
            ParticipantId = participantId,
            SessionId = session.SessionId,
            Index = index,
            Role = p.Role,
            Name = p.Name,
            Locale = p.Locale,
            Invite = p.Invite,
            Otp = p.Otp,
            Status = ParticipantStatus.Invited,
            CreatedAt = now,
            Invitation = NewInvitation(session, participantId, now),
            InvitationSendTimes = [now],
            ReportKeyId = tokenFactory.CurrentKeyId,
        };
    }

    /// <summary>
    /// Indexes the "not me" links of new participants before their commit, so a message never carries a link that finds
    /// nothing (a link of a commit that then failed finds no participant: as unknown as a random one).
    /// </summary>
    private Task PutReportLinksAsync(Session session, IReadOnlyList<Participant> participants, CancellationToken cancellationToken) =>
        reportLinks.PutAsync([.. participants.SelectMany(p => tokenFactory.NewReportLinks(p, session.ExpiresAt))], cancellationToken);

    private InvitationState NewInvitation(Session session, string participantId, DateTimeOffset now) =>
        tokenFactory.NewInvitation(session.SessionId, participantId, now, Min(now + session.Policy.InviteLinkLifetime, session.ExpiresAt));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
