using System.Diagnostics.CodeAnalysis;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Policy;

namespace OtpSessions.Core.Sessions;

/// <summary>How a message reaches a person. Wire form: <c>sms</c>, <c>email</c>.</summary>
public enum Channel
{
    Sms,
    Email,
}

/// <summary>Wire form: <c>primary</c>, <c>cosigner</c>, <c>additional</c>.</summary>
public enum ParticipantRole
{
    Primary,
    Cosigner,
    Additional,
}

/// <summary>Wire form: <c>active</c>, <c>closed</c>. An expired session is absent (its rows are treated as gone).</summary>
public enum SessionStatus
{
    Active,
    Closed,
}

/// <summary>
/// Wire form (snake_case): <c>invited → opened → awaiting_otp → authenticated</c>; or <c>locked</c> (until
/// <see cref="Participant.LockedUntil"/>), <c>banned</c>, <c>reassigned</c>, <c>removed</c>.
/// </summary>
public enum ParticipantStatus
{
    Invited,
    Opened,
    AwaitingOtp,
    Authenticated,
    Locked,
    Banned,
    Reassigned,
    Removed,
}

/// <summary>
/// The invite link's way out: <c>pending → sent | failed</c>, then <c>delivered | failed</c> from delivery reports. A failed
/// invitation never goes to the participant's other address (link and code must not meet in one inbox): the agent
/// resends or reassigns.
/// </summary>
public enum InvitationStatus
{
    Pending,
    Sent,
    Delivered,
    Failed,
}

/// <summary>
/// The current code's way out: <c>none | queued | sent | delivered | failed</c>, or <c>refused</c>: a send budget
/// refused the send at the OTP page, so no code was issued (until <see cref="DeliveryState{TStatus}.RetryAt"/>).
/// </summary>
public enum OtpDeliveryStatus
{
    None,
    Queued,
    Sent,
    Delivered,
    Failed,
    Refused,
}

/// <summary>The language of a participant's messages and join page. Wire form: <c>en</c> (default), <c>es</c>.</summary>
public enum Locale
{
    En,
    Es,
}

/// <summary><c>auto</c>: the participant has an OTP channel and gets the code sent; <c>manual</c>: the agent reads it out.</summary>
public enum OtpMode
{
    Auto,
    Manual,
}

/// <summary>A validated address on one channel (E.164 phone for SMS, email address for email). Stored in full, shown masked.</summary>
public sealed record Contact(Channel Channel, string Address)
{
    public string ChannelName => Channel.ToWire();

    /// <summary>The only form that may appear in a view, an event or a log line.</summary>
    public string Masked => AddressMasking.Mask(ChannelName, Address);

    /// <summary>Masked: a contact that ends up in a log never shows the full address.</summary>
    public override string ToString() => $"{ChannelName}:{Masked}";
}

/// <summary>
/// What a session is and allows — its owner, team, reference, status, lifetime and the policy it started with — as each of
/// its participants carries it (<see cref="ParticipantWithTerms"/>); without what only the session itself knows (how many
/// participants it has had, its version).
/// </summary>
public record SessionTerms
{
    public required string SessionId { get; init; }

    /// <summary>The owning agent (the token's <c>sub</c>).</summary>
    public required string AgentId { get; init; }

    /// <summary>The owning agent's team (token claim <c>team</c>): selects the team policy and the supervisors who may act.</summary>
    public string? Team { get; init; }

    /// <summary>The caller's correlation id (≤ 128 characters), echoed in events.</summary>
    public string? Reference { get; init; }

    public SessionStatus Status { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Everything stored of the session expires with it (TTL).</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    public string? ClosedBy { get; init; }

    /// <summary>The effective policy (system + team overrides) snapshotted at start: later policy changes never alter it.</summary>
    public required OtpPolicy Policy { get; init; }

    public bool IsActiveAt(DateTimeOffset now) => Status == SessionStatus.Active && now < ExpiresAt;

    /// <summary>These terms alone (of a <see cref="Session"/>: without its participant count and version).</summary>
    public SessionTerms AsTerms() => new(this);
}

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

/// <summary>
/// A participant: who is invited, how, and everything the customer/OTP flow needs
/// (status, current code, attempts, lockouts, send history, delivery states, access tokens).
/// </summary>
public sealed record Participant
{
    public required string ParticipantId { get; init; }

    public required string SessionId { get; init; }

    /// <summary>Order within the session (the view lists participants by it).</summary>
    public int Index { get; init; }

    public required ParticipantRole Role { get; init; }

    public required string Name { get; init; }

    /// <summary>The language of the participant's messages and join page.</summary>
    public Locale Locale { get; init; } = Locale.En;

    /// <summary>Where the invite link goes.</summary>
    public required Contact Invite { get; init; }

    /// <summary>Where codes go (Auto OTP); null = manual OTP (the agent reads the code out).</summary>
    public Contact? Otp { get; init; }

    public OtpMode OtpMode => Otp is null ? OtpMode.Manual : OtpMode.Auto;

    public ParticipantStatus Status { get; init; } = ParticipantStatus.Invited;

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The current invitation (link). A new link replaces it; a resend of the same link bumps its attempt.</summary>
    public required InvitationState Invitation { get; init; }

    public DateTimeOffset? OpenedAt { get; init; }

    public DateTimeOffset? AuthenticatedAt { get; init; }

    /// <summary>The active code (with its encrypted value); null when none or used.</summary>
    public OtpCodeRef? CurrentCode { get; init; }

    /// <summary>Wrong codes since the last lockout (counted per participant).</summary>
    public int FailedAttempts { get; init; }

    public int Lockouts { get; init; }

    public DateTimeOffset? LockedUntil { get; init; }

    /// <summary>When codes were sent (for the per-hour limit), oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> OtpSendTimes { get; init; } = [];

    /// <summary>When invitations were sent or resent within the last hour (for the per-hour limit), oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> InvitationSendTimes { get; init; } = [];

    /// <summary>
    /// The delivery of the latest code send asked for: as the participant row asked for it (<c>queued</c>, <c>none</c>),
    /// or as its <see cref="DeliveryRecord"/> says once the delivery side recorded that send (<see cref="OtpDeliveryRecord.Merge"/>).
    /// </summary>
    public DeliveryState<OtpDeliveryStatus> OtpDelivery { get; init; } = new(OtpDeliveryStatus.None);

    /// <summary>The delivery side's record of this participant's sends, as loaded (its version for the next write); null before the first.</summary>
    public OtpDeliveryRecord? DeliveryRecord { get; init; }

    /// <summary>The delivery record to write for send <paramref name="send"/> of code <paramref name="codeId"/> (replacing the loaded one).</summary>
    public OtpDeliveryRecord DeliveryRecordOf(string codeId, int send, int sendsAccepted, DeliveryState<OtpDeliveryStatus> state) =>
        new(ParticipantId, sendsAccepted, state with { CodeId = codeId, Send = send }) { Version = DeliveryRecord?.Version };

    /// <summary>When the participant first reached the OTP page (asked for a code); null before.</summary>
    public DateTimeOffset? OtpRequestedAt { get; init; }

    /// <summary>The participant who replaced this one (status <c>reassigned</c>).</summary>
    public string? ReplacedBy { get; init; }

    /// <summary>The participant this one replaced.</summary>
    public string? Replaces { get; init; }

    /// <summary>The version the participant was loaded at; null for a participant not yet stored.</summary>
    public StoredVersion? Version { get; init; }

    /// <summary>False once reassigned or removed: its link, code and token no longer work.</summary>
    public bool IsCurrent => Status is not (ParticipantStatus.Reassigned or ParticipantStatus.Removed);

    /// <summary>
    /// The status to show at <paramref name="now"/>: a stored <c>locked</c> whose <see cref="LockedUntil"/> has passed is
    /// <c>awaiting_otp</c> again (the participant is back on the OTP page).
    /// </summary>
    public ParticipantStatus StatusAt(DateTimeOffset now) =>
        Status == ParticipantStatus.Locked && !(LockedUntil > now)
            ? (OtpRequestedAt is null ? ParticipantStatus.Opened : ParticipantStatus.AwaitingOtp)
            : Status;

    /// <summary>
    /// The access tokens of this participant's entries that still work (hashes only), oldest first: each entry through the
    /// link gets its own; sign-out removes one. At most <see cref="MaxAccessTokens"/> are kept (a newer entry signs the
    /// oldest out).
    /// </summary>
    public IReadOnlyList<AccessGrant> AccessTokens { get; init; } = [];

    public const int MaxAccessTokens = 16;

    /// <summary>With one more access token (expired ones dropped; past <see cref="MaxAccessTokens"/> the oldest goes).</summary>
    public Participant WithAccessToken(AccessGrant grant, DateTimeOffset now) =>
        this with { AccessTokens = [.. AccessTokens.Where(g => g.ValidUntil > now).TakeLast(MaxAccessTokens - 1), grant] };

    /// <summary>
    /// Without any access token (an agent signed the participant out): an <c>authenticated</c> participant is
    /// <c>opened</c> again — it used its link — until it authenticates again through it.
    /// </summary>
    public Participant SignedOut() =>
        this with { AccessTokens = [], Status = Status == ParticipantStatus.Authenticated ? ParticipantStatus.Opened : Status };

    /// <summary>Without the access token of <paramref name="tokenHash"/> (signed out).</summary>
    public Participant WithoutAccessToken(string tokenHash) =>
        this with { AccessTokens = [.. AccessTokens.Where(g => !string.Equals(g.TokenHash, tokenHash, StringComparison.Ordinal))] };
}

/// <summary>One entry's access token: its hash (<see cref="TokenFactory.Hash"/>) and until when it works.</summary>
public sealed record AccessGrant(string TokenHash, DateTimeOffset ValidUntil);

/// <summary>
/// One invite link: <paramref name="InvitationId"/> (128 random bits) is what the token is derived from
/// (<see cref="TokenFactory.InviteToken(Participant)"/>); only the token's hash is stored. <paramref name="Attempt"/> counts sends of
/// this link (a resend of the same link is attempt + 1); <paramref name="RequestedAt"/> is when the current attempt was
/// requested (cooldown, and the send's first-try time).
/// </summary>
public sealed record InvitationState(
    string InvitationId,
    int Attempt,
    InvitationStatus Status,
    DateTimeOffset RequestedAt,
    DateTimeOffset LinkExpiresAt,
    string TokenHash)
{
    public DateTimeOffset? SentAt { get; init; }

    public string? ProviderMessageId { get; init; }

    /// <summary>The id of the master key that derived this link's token (null on rows from before ids were kept: the current key).</summary>
    public string? KeyId { get; init; }

    /// <summary>
    /// The current attempt's send id: the sender's idempotency id (a retried queue message never sends a second,
    /// different message) and what its <c>deliveries</c> row names, so a delivery report applies to this attempt only.
    /// </summary>
    public string IdempotencyId => $"invitation:{InvitationId}:{Attempt}";

    /// <summary>
    /// The delivery transitions of an invitation, in one place (the invitation worker and delivery reports use them):
    /// the provider accepted <paramref name="attempt"/>'s send as <paramref name="acceptedAs"/> (its message id:
    /// <see cref="InvitationStatus.Sent"/>), or (null) refused it or it ran out of retries (<see cref="InvitationStatus.Failed"/>).
    /// Null when that attempt is not the one pending (superseded, or already recorded): nothing to record.
    /// </summary>
    public InvitationState? Outcome(int attempt, string? acceptedAs, DateTimeOffset now) =>
        Attempt != attempt || Status != InvitationStatus.Pending
            ? null
            : this with
            {
                Status = acceptedAs is null ? InvitationStatus.Failed : InvitationStatus.Sent,
                SentAt = acceptedAs is null ? SentAt : now,
                ProviderMessageId = acceptedAs ?? ProviderMessageId,
            };

    /// <summary>
    /// A delivery report for send <paramref name="sendId"/>: <see cref="InvitationStatus.Delivered"/> or
    /// <see cref="InvitationStatus.Failed"/>. Null when the report is for another attempt's send or the state is already
    /// final (reports arrive at least once, and a late one for an earlier attempt never marks a later one).
    /// </summary>
    public InvitationState? Reported(string sendId, bool delivered, string providerMessageId, DateTimeOffset receivedAt) =>
        IdempotencyId != sendId || Status is InvitationStatus.Delivered or InvitationStatus.Failed
            ? null
            : this with
            {
                Status = delivered ? InvitationStatus.Delivered : InvitationStatus.Failed,
                SentAt = SentAt ?? receivedAt,
                ProviderMessageId = providerMessageId,
            };
}

/// <summary>A message's delivery state as the provider reported it.</summary>
public sealed record DeliveryState<TStatus>(TStatus Status, DateTimeOffset? SentAt = null, string? ProviderMessageId = null)
    where TStatus : struct, Enum
{
    /// <summary>The code whose send this state is about (null on rows written before sends were named).</summary>
    public string? CodeId { get; init; }

    /// <summary>The send number of <see cref="CodeId"/> this state is about.</summary>
    public int Send { get; init; }

    /// <summary>For a send a budget refused: when that budget's window ends (a send may go again).</summary>
    public DateTimeOffset? RetryAt { get; init; }
}

/// <summary>The active code of a participant: its id and expiry, its protected value and send counts.</summary>
public sealed record OtpCodeRef(string CodeId, DateTimeOffset ExpiresAt)
{
    /// <summary>The code as <c>ICodeProtector.Protect</c> returned it (AES-GCM, bound to its session, participant and <see cref="CodeId"/>, naming its key); never the code itself.</summary>
    public string? ProtectedCode { get; init; }

    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary>How many times this code was handed to delivery (1 = first send, 2 = first resend, …).</summary>
    public int Sends { get; init; }

    /// <summary>The highest send number the provider accepted: a queue message finds nothing left to do once it reaches <see cref="Sends"/>.</summary>
    public int SendsAccepted { get; init; }

    /// <summary>
    /// The id of send number <paramref name="send"/> of this code: the sender's idempotency id (a retried queue message
    /// never sends twice, a resend is a new message) and what its <c>deliveries</c> row names, so a delivery report
    /// applies to its own send only.
    /// </summary>
    public string SendId(int send) => $"code:{CodeId}:{send}";

    /// <summary>The id of the latest send (<see cref="Sends"/>): the only one whose delivery report still counts.</summary>
    public string LatestSendId => SendId(Sends);

    /// <summary>Without the protected value: safe if a record ends up in a log.</summary>
    public override string ToString() =>
        $"OtpCodeRef {{ CodeId = {CodeId}, ExpiresAt = {ExpiresAt:O}, Sends = {Sends}, SendsAccepted = {SendsAccepted} }}";
}
