using System.Globalization;
using OtpSessions.Core.Deliveries;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Policy;

namespace OtpSessions.Infrastructure.Sessions;

/// <summary>
/// The one mapping between the session domain records and their rows in the <c>sessions</c> table
/// (PK = sessionId; RK <c>session</c>, <c>participant|{id}</c>, <c>otp-delivery|{participantId}</c>: <see cref="SessionRowKeys"/>). Rows are written whole (replace), so every column
/// the domain needs is listed here. Enum values are stored in their wire form (<see cref="WireNames"/>).
/// </summary>
public static class SessionEntities
{
    public const string ExpiresAt = "ExpiresAt";

    public static bool IsParticipantRow(string rowKey) => rowKey.StartsWith(SessionRowKeys.ParticipantPrefix, StringComparison.Ordinal);

    /// <summary>The session row: its terms, its participant count.</summary>
    public static TableEntity ToEntity(Session s)
    {
        var row = ToEntity((SessionTerms)s);
        row["ParticipantCount"] = s.ParticipantCount;
        return row;
    }

    /// <summary>The columns of a session's terms (the session row's, but <c>ParticipantCount</c>).</summary>
    public static TableEntity ToEntity(SessionTerms s) => new(s.SessionId, SessionRowKeys.Session)
    {
        ["AgentId"] = s.AgentId,
        ["Team"] = s.Team,
        ["Reference"] = s.Reference,
        ["Status"] = s.Status.ToWire(),
        ["CreatedAt"] = s.CreatedAt,
        [ExpiresAt] = s.ExpiresAt,
        ["ClosedAt"] = s.ClosedAt,
        ["ClosedBy"] = s.ClosedBy,
        ["Policy"] = JsonSerializer.Serialize(s.Policy, SessionJson.Options),
    };

    public static Session ToSession(TableEntity e) => new(ToTerms(e))
    {
        ParticipantCount = e.GetInt32("ParticipantCount") ?? 0,
        Version = e.ETag.ToVersion(),
    };

    private static SessionTerms ToTerms(TableEntity e) => new()
    {
        SessionId = e.PartitionKey,
        AgentId = e.GetString("AgentId"),
        Team = e.GetString("Team"),
        Reference = e.GetString("Reference"),
        Status = WireNames.Parse<SessionStatus>(e.GetString("Status")),
        CreatedAt = Required(e, "CreatedAt"),
        ExpiresAt = Required(e, ExpiresAt),
        ClosedAt = e.GetDateTimeOffset("ClosedAt"),
        ClosedBy = e.GetString("ClosedBy"),
        Policy = JsonSerializer.Deserialize<OtpPolicy>(e.GetString("Policy") ?? "{}", SessionJson.Options) ?? new OtpPolicy(),
    };

    /// <summary>
    /// The participant row; with <paramref name="terms"/> (<see cref="ToEntity(SessionTerms)"/>), it also carries its
    /// session's terms: their columns, each prefixed <see cref="TermsPrefix"/> (<see cref="CarriedTerms"/>).
    /// </summary>
    public static TableEntity ToEntity(Participant p, DateTimeOffset expiresAt, TableEntity? terms)
    {
        var entity = ToEntity(p, expiresAt);
        if (terms is not null)
        {
            foreach (var (column, value) in terms)
            {
                if (column is not ("PartitionKey" or "RowKey" or "ParticipantCount"))
                {
                    entity[TermsPrefix + column] = value;
                }
            }
        }
        return entity;
    }

    /// <summary>The prefix of the session terms' columns on a participant row.</summary>
    private const string TermsPrefix = "Session";

    /// <summary>The session's terms as a participant row carries them; null for a row written without them.</summary>
    public static SessionTerms? CarriedTerms(TableEntity participantRow)
    {
        ArgumentNullException.ThrowIfNull(participantRow);
        if (participantRow.GetString(TermsPrefix + "Status") is null)
        {
            return null;
        }
        var row = new TableEntity(participantRow.PartitionKey, SessionRowKeys.Session);
        foreach (var (column, value) in participantRow)
        {
            if (column.StartsWith(TermsPrefix, StringComparison.Ordinal))
            {
                row[column[TermsPrefix.Length..]] = value;
            }
        }
        return ToTerms(row);
    }

    public static TableEntity ToEntity(Participant p, DateTimeOffset expiresAt)
    {
        var row = ParticipantColumns(p, expiresAt);
        DeliveryColumns.Invitation.Write(row, p.Invitation.Delivery);
        DeliveryColumns.CodeAsked.Write(row, p.OtpDelivery);
        return row;
    }

    private static TableEntity ParticipantColumns(Participant p, DateTimeOffset expiresAt) => new(p.SessionId, SessionRowKeys.Participant(p.ParticipantId))
    {
        ["ParticipantId"] = p.ParticipantId,
        ["Index"] = p.Index,
        ["Role"] = p.Role.ToWire(),
        ["Name"] = p.Name,
        ["Locale"] = p.Locale.ToWire(),
        ["Status"] = p.Status.ToWire(),
        ["InviteChannel"] = p.Invite.Channel.ToWire(),
        ["InviteAddress"] = p.Invite.Address,
        ["OtpChannel"] = p.Otp?.Channel.ToWire(),
        ["OtpAddress"] = p.Otp?.Address,
        ["CreatedAt"] = p.CreatedAt,
        ["InvitationRequestedAt"] = p.Invitation.RequestedAt,
        ["LinkExpiresAt"] = p.Invitation.LinkExpiresAt,
        ["InviteTokenHash"] = p.Invitation.TokenHash,
        ["InviteKeyId"] = p.Invitation.KeyId,
        ["OpenedAt"] = p.OpenedAt,
        ["AuthenticatedAt"] = p.OtpState.AuthenticatedAt,
        ["CurrentCodeId"] = p.OtpState.CodeId,
        ["CurrentCodeExpiresAt"] = p.OtpState.CodeId is null ? null : p.OtpState.ExpiresAt,
        ["CurrentCodeProtected"] = p.OtpState.CodeId is null ? null : p.OtpState.ProtectedCode,
        ["CurrentCodeIssuedAt"] = p.OtpState.CodeId is null ? null : p.OtpState.IssuedAt,
        ["CurrentCodeSends"] = p.OtpState.CodeId is null ? null : p.OtpState.CodeSends,
        ["CurrentCodeSendsAccepted"] = p.OtpState.CodeId is null ? null : p.OtpState.CodeSendsAccepted,
        ["OtpRequestedAt"] = p.OtpState.OtpRequestedAt,
        ["FailedAttempts"] = p.OtpState.FailedAttempts,
        ["Lockouts"] = p.OtpState.Lockouts,
        ["LockedUntil"] = p.OtpState.LockedUntil,
        ["OtpSendTimes"] = Times(p.OtpState.RecentSends),
        ["InvitationSendTimes"] = Times(p.InvitationSendTimes),
        ["ReplacedBy"] = p.ReplacedBy,
        ["Replaces"] = p.Replaces,
        ["AccessTokens"] = Grants(p.AccessTokens),
        ["ReportKeyId"] = p.ReportKeyId,
        ["ReportedAt"] = p.ReportedAt,
        [ExpiresAt] = expiresAt,
    };

    public static Participant ToParticipant(TableEntity e)
    {
        var otpChannel = e.GetString("OtpChannel");
        // A row from before attempts were counted holds attempt 1.
        var invitation = DeliveryColumns.Invitation.Read(e);
        invitation = invitation.Send == 0 ? invitation with { Send = 1 } : invitation;
        return new Participant
        {
            ParticipantId = e.GetString("ParticipantId"),
            SessionId = e.PartitionKey,
            Index = e.GetInt32("Index") ?? 0,
            Role = WireNames.Parse<ParticipantRole>(e.GetString("Role")),
            Name = e.GetString("Name"),
            Locale = e.GetString("Locale") is { } locale ? WireNames.Parse<Locale>(locale) : Locale.En,
            Status = WireNames.Parse<ParticipantStatus>(e.GetString("Status")),
            Invite = new Contact(WireNames.Parse<Channel>(e.GetString("InviteChannel")), e.GetString("InviteAddress")),
            Otp = otpChannel is null ? null : new Contact(WireNames.Parse<Channel>(otpChannel), e.GetString("OtpAddress")),
            CreatedAt = Required(e, "CreatedAt"),
            Invitation = new InvitationState(
                e.GetString("InvitationId"),
                Required(e, "InvitationRequestedAt"),
                Required(e, "LinkExpiresAt"),
                e.GetString("InviteTokenHash"))
            {
                Delivery = invitation,
                KeyId = e.GetString("InviteKeyId"),
            },
            OpenedAt = e.GetDateTimeOffset("OpenedAt"),
            OtpState = OtpStateOf(e),
            InvitationSendTimes = Times(e.GetString("InvitationSendTimes")),
            OtpDelivery = DeliveryColumns.CodeAsked.Read(e),
            ReplacedBy = e.GetString("ReplacedBy"),
            Replaces = e.GetString("Replaces"),
            AccessTokens = Grants(e.GetString("AccessTokens")),
            ReportKeyId = e.GetString("ReportKeyId"),
            ReportedAt = e.GetDateTimeOffset("ReportedAt"),
            Version = e.ETag.ToVersion(),
        };
    }

    /// <summary>
    /// The OTP state the participant row's columns hold. Banned is the row's status; the authentication counts only while
    /// the status says so (a new code or a sign-out ends the entry it authenticated).
    /// </summary>
    private static OtpState OtpStateOf(TableEntity e)
    {
        var status = WireNames.Parse<ParticipantStatus>(e.GetString("Status"));
        var codeId = e.GetString("CurrentCodeId");
        return new OtpState
        {
            OtpRequestedAt = e.GetDateTimeOffset("OtpRequestedAt"),
            CodeId = codeId,
            ProtectedCode = codeId is null ? null : e.GetString("CurrentCodeProtected"),
            IssuedAt = codeId is null ? null : e.GetDateTimeOffset("CurrentCodeIssuedAt"),
            ExpiresAt = codeId is null ? null : Required(e, "CurrentCodeExpiresAt"),
            CodeSends = codeId is null ? 0 : e.GetInt32("CurrentCodeSends") ?? 0,
            CodeSendsAccepted = codeId is null ? 0 : e.GetInt32("CurrentCodeSendsAccepted") ?? 0,
            FailedAttempts = e.GetInt32("FailedAttempts") ?? 0,
            Lockouts = e.GetInt32("Lockouts") ?? 0,
            LockedUntil = e.GetDateTimeOffset("LockedUntil"),
            Banned = status == ParticipantStatus.Banned,
            AuthenticatedAt = status == ParticipantStatus.Authenticated ? e.GetDateTimeOffset("AuthenticatedAt") : null,
            RecentSends = Times(e.GetString("OtpSendTimes")),
        };
    }

    public static bool IsOtpDeliveryRow(string rowKey) => rowKey.StartsWith(SessionRowKeys.OtpDeliveryPrefix, StringComparison.Ordinal);

    public static TableEntity ToEntity(string sessionId, ParticipantDelivery d, DateTimeOffset expiresAt)
    {
        var row = new TableEntity(sessionId, SessionRowKeys.OtpDelivery(d.ParticipantId))
        {
            ["ParticipantId"] = d.ParticipantId,
            [ExpiresAt] = expiresAt,
        };
        DeliveryColumns.CodeRecord.Write(row, d.Delivery);
        return row;
    }

    /// <summary>A code's delivery record as its own row holds it, with the row's version.</summary>
    public static Delivery ToDeliveryRecord(TableEntity e) => DeliveryColumns.CodeRecord.Read(e) with { Version = e.ETag.ToVersion() };

    /// <summary>The participant of <paramref name="participantRow"/> with its delivery record (<see cref="CodeDelivery.Merge"/>).</summary>
    public static Participant ToParticipant(TableEntity participantRow, TableEntity? otpDeliveryRow) =>
        CodeDelivery.Merge(ToParticipant(participantRow), otpDeliveryRow is null ? null : ToDeliveryRecord(otpDeliveryRow));

    /// <summary>Times as a column: comma-separated UTC ticks (null when none).</summary>
    private static string? Times(IReadOnlyList<DateTimeOffset> times) =>
        times.Count == 0 ? null : string.Join(',', times.Select(t => t.UtcTicks.ToString(CultureInfo.InvariantCulture)));

    private static IReadOnlyList<DateTimeOffset> Times(string? column) => column is { Length: > 0 }
        ? [.. column.Split(',').Select(t => new DateTimeOffset(long.Parse(t, CultureInfo.InvariantCulture), TimeSpan.Zero))]
        : [];

    /// <summary>Access tokens as a column: <c>hash:validUntilTicks</c>, comma-separated (null when none).</summary>
    private static string? Grants(IReadOnlyList<AccessGrant> grants) =>
        grants.Count == 0 ? null : string.Join(',', grants.Select(g => g.TokenHash + ":" + g.ValidUntil.UtcTicks.ToString(CultureInfo.InvariantCulture)
            + (g.Method is { } method ? ":" + method.ToWire() : "")));

    private static IReadOnlyList<AccessGrant> Grants(string? column) => column is { Length: > 0 }
        ? [.. column.Split(',').Select(g => g.Split(':')).Select(g =>
            new AccessGrant(g[0], new DateTimeOffset(long.Parse(g[1], CultureInfo.InvariantCulture), TimeSpan.Zero),
                g.Length > 2 && WireNames.TryParse<EntryMethod>(g[2], out var method) ? method : null))]
        : [];

    /// <summary>An audit row (<c>audit|{ticks}|{id}</c>): written once, never changed.</summary>
    public static TableEntity ToEntity(string sessionId, AuditRecord audit, DateTimeOffset expiresAt) =>
        new(sessionId, SessionRowKeys.Audit(audit.Time, audit.Id))
        {
            ["Action"] = audit.Action,
            ["ActorId"] = audit.ActorId,
            ["Time"] = audit.Time,
            ["ParticipantId"] = audit.ParticipantId,
            ["Data"] = audit.DataJson,
            [ExpiresAt] = expiresAt,
        };

    public static AuditRecord ToAudit(TableEntity e) =>
        new(e.GetString("Action"), e.GetString("ActorId"), Required(e, "Time"), e.GetString("ParticipantId"), e.GetString("Data") ?? "{}")
        {
            Id = e.RowKey[(e.RowKey.LastIndexOf('|') + 1)..],
        };

    /// <summary>Rows past <c>ExpiresAt</c> count as absent (the purge timer removes them later).</summary>
    public static bool IsExpired(TableEntity e, DateTimeOffset now) => e.GetDateTimeOffset(ExpiresAt) is { } expiresAt && expiresAt <= now;

    /// <summary>Insert when the record has never been stored, else replace only if nobody changed the row since it was read.</summary>
    public static TableTransactionAction Write(TableEntity entity, StoredVersion? version) => version is null
        ? new TableTransactionAction(TableTransactionActionType.Add, entity)
        : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, version.ToETag());

    private static DateTimeOffset Required(TableEntity e, string column) =>
        e.GetDateTimeOffset(column) ?? throw new InvalidOperationException($"Row {e.PartitionKey}/{e.RowKey} has no {column}.");
}
