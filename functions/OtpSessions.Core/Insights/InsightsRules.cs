using System.Globalization;
using OtpSessions.Core.Budgets;
using OtpSessions.Core.Deliveries;
using OtpSessions.Core.Events;
using OtpSessions.Core.Join;
using OtpSessions.Core.Sessions;
using PhoneNumbers;

namespace OtpSessions.Core.Insights;

/// <summary>
/// The projection's rules, pure: how an event changes what is remembered of its stream (<see cref="Apply"/>), and which
/// counts a remembered stream stands for (<see cref="Contribution"/>). A projection step stores the new memory and adds
/// the difference of the two contributions to the counters, so an event applied twice (same memory after) adds nothing,
/// and each participant counts once per stage, on the day it was invited.
/// </summary>
public static class InsightsRules
{
    private const string InvitationSend = "invitation:";
    private const string CodeSend = "code:";

    /// <summary>Whether the projection reads <paramref name="type"/> at all (an event's type, or a delivered report's audit action).</summary>
    public static bool Projects(string type) => ProjectsAudit(type) || type is EventTypes.SessionStarted or EventTypes.ParticipantAdded
        or EventTypes.ParticipantReassigned or EventTypes.InvitationSent or EventTypes.InvitationFailed or EventTypes.ParticipantOpened
        or EventTypes.OtpRequested or EventTypes.OtpSent or EventTypes.OtpDeliveryFailed or EventTypes.ParticipantAuthenticated
        or EventTypes.ParticipantLocked or EventTypes.SendsBudgetExceeded or EventTypes.ParticipantReported;

    /// <summary>
    /// Whether the projection reads a commit's audit entry of <paramref name="action"/>: a delivery report that says
    /// delivered has no event of its own, so the projection takes it from the entry the same commit stored.
    /// </summary>
    public static bool ProjectsAudit(string action) => action is AuditActions.InvitationDelivered or AuditActions.OtpDelivered;

    /// <summary>A commit's audit entry as the projection applies it (its id is the entry's own, so applying it twice counts once).</summary>
    public static OutboxEvent FromAudit(string sessionId, AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new OutboxEvent("audit-" + record.Id, sessionId, record.Action, record.Time, record.DataJson);
    }

    /// <summary>The ledger an event counts in: its session's owner's, or for a team's event, the team its data names.</summary>
    public static string? LedgerOf(InsightsEvent input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Event.Type == EventTypes.SendsBudgetExceeded)
        {
            var data = Read<SendBudgetEventData>(input.Event);
            return data?.Team is { Length: > 0 } team ? InsightsLedger.Of(team, null) : null;
        }
        return InsightsLedger.Of(input.Team, input.AgentId);
    }

    /// <summary>What is remembered of the stream after <paramref name="input"/> (the same memory for an event it has already seen).</summary>
    public static JourneyMemory Apply(JourneyMemory memory, InsightsEvent input)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(input);
        var e = input.Event;
        var next = memory with
        {
            AgentId = memory.AgentId ?? input.AgentId,
            LastEventAt = e.Time > memory.LastEventAt ? e.Time : memory.LastEventAt,
        };
        switch (e.Type)
        {
            case EventTypes.SessionStarted when Read<SessionStartedData>(e) is { } started:
                return started.Participants.Aggregate(next, (m, p) => Invited(m, p, e.Time));
            case EventTypes.ParticipantAdded when Read<ParticipantAddedData>(e) is { Participant: { } added }:
                return Invited(next, added, e.Time);
            case EventTypes.ParticipantReassigned when Read<ParticipantReassignedData>(e) is { Replacement: { } replacement }:
                return Invited(next, replacement, e.Time);
            case EventTypes.InvitationSent when Read<InvitationData>(e) is { } sent:
                return Sent(next, sent.ParticipantId, e.Time, InvitationSend + sent.Attempt.ToString(CultureInfo.InvariantCulture), sent.To.Channel, SendState.Sent);
            case EventTypes.InvitationFailed when Read<InvitationData>(e) is { } failed:
                return Sent(next, failed.ParticipantId, e.Time, InvitationSend + failed.Attempt.ToString(CultureInfo.InvariantCulture), failed.To.Channel, SendState.Failed);
            case EventTypes.OtpSent when Read<OtpSentData>(e) is { } code:
                return Sent(next, code.ParticipantId, e.Time, CodeSendId(code.CodeId, code.Send), code.To.Channel, SendState.Sent);
            case EventTypes.OtpDeliveryFailed when Read<OtpDeliveryFailedData>(e) is { } codeFailed:
                return CodeFailed(next, codeFailed, e.Time);
            case AuditActions.InvitationDelivered when Read<DeliveryAuditData>(e) is { } invitationDelivered:
                return Sent(next, invitationDelivered.ParticipantId, e.Time,
                    InvitationSend + invitationDelivered.Send.ToString(CultureInfo.InvariantCulture), invitationDelivered.To.Channel, SendState.Delivered);
            case AuditActions.OtpDelivered when Read<DeliveryAuditData>(e) is { CodeId: { } codeId } codeDelivered:
                return Sent(next, codeDelivered.ParticipantId, e.Time, CodeSendId(codeId, codeDelivered.Send), codeDelivered.To.Channel, SendState.Delivered);
            case EventTypes.ParticipantOpened when ParticipantOf(e) is { } opened:
                return Change(next, opened, e.Time, p => p with { OpenedAt = Earliest(p.OpenedAt, e.Time) });
            case EventTypes.OtpRequested when ParticipantOf(e) is { } requested:
                return Change(next, requested, e.Time, p => p with { OtpPageAt = Earliest(p.OtpPageAt, e.Time) });
            case EventTypes.ParticipantAuthenticated when ParticipantOf(e) is { } authenticated:
                return Change(next, authenticated, e.Time, p => p with { AuthenticatedAt = Earliest(p.AuthenticatedAt, e.Time) });
            case EventTypes.ParticipantLocked when Read<ParticipantLockedData>(e) is { } locked:
                return Change(next, locked.ParticipantId, e.Time,
                    p => p with { Lockouts = Math.Max(p.Lockouts, locked.Lockouts), Banned = p.Banned || locked.Banned });
            case EventTypes.ParticipantReported when ParticipantOf(e) is { } reported:
                return Change(next, reported, e.Time, p => p with { Reported = true });
            case EventTypes.SendsBudgetExceeded when Read<SendBudgetEventData>(e) is { } refusal:
                return Refused(next, e, refusal);
            default:
                return next;
        }
    }

    /// <summary>The counts the remembered stream stands for, by counter record (its ledger's days and its agent's days).</summary>
    public static IReadOnlyDictionary<InsightsCounterKey, InsightCounts> Contribution(string ledger, JourneyMemory memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        var counts = new Dictionary<InsightsCounterKey, InsightCounts>();
        void Add(DateOnly day, string? agentId, InsightCounts add)
        {
            var keys = new List<InsightsCounterKey> { new(ledger, null, day) };
            if (agentId is not null)
            {
                keys.Add(new(ledger, agentId, day));
            }
            foreach (var key in keys)
            {
                counts[key] = counts.GetValueOrDefault(key, InsightCounts.Zero).Plus(add);
            }
        }
        foreach (var journey in memory.Participants.Values)
        {
            Add(DayOf(journey.InvitedAt), memory.AgentId, CountsOf(journey));
        }
        foreach (var (day, refusals) in memory.BudgetRefusals)
        {
            var parts = day.Split('|', 2);
            Add(DateOnly.ParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture), parts.Length == 2 ? parts[1] : null,
                InsightCounts.Zero with { BudgetRefusals = refusals });
        }
        return counts;
    }

    /// <summary>The UTC day of <paramref name="time"/>.</summary>
    public static DateOnly DayOf(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);

    /// <summary>The ISO 3166 region of a (masked or full) E.164 number's country calling code; null when there is none.</summary>
    public static string? CountryOf(string? phone)
    {
        if (phone is not { Length: > 1 } || phone[0] != '+')
        {
            return null;
        }
        var util = PhoneNumberUtil.GetInstance();
        for (var length = 1; length <= 3 && length < phone.Length; length++)
        {
            if (int.TryParse(phone.AsSpan(1, length), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
                && util.GetRegionCodeForCountryCode(code) is { } region && region != "ZZ")
            {
                return region == "001" ? null : region;
            }
        }
        return null;
    }

    private static InsightCounts CountsOf(ParticipantJourney journey)
    {
        DeliveryCounts Of(Channel channel) => new(
            journey.Sends.Count(s => s.Channel == channel && s.State == SendState.Sent),
            journey.Sends.Count(s => s.Channel == channel && s.State == SendState.Delivered),
            journey.Sends.Count(s => s.Channel == channel && s.State == SendState.Failed));
        var authenticated = journey.AuthenticatedAt is not null ? 1 : 0;
        var buckets = new int[TimeToAuthenticateBuckets.Count];
        if (journey.AuthenticatedAt is { } at)
        {
            buckets[TimeToAuthenticateBuckets.BucketOf(at - journey.InvitedAt)] = 1;
        }
        var countries = new Dictionary<string, CountryCounts>(StringComparer.Ordinal);
        if (journey.Country is { } country)
        {
            countries[country] = new CountryCounts(journey.Sends.Count, journey.Sends.Count(s => s.State == SendState.Failed), authenticated);
        }
        return new InsightCounts
        {
            Invited = 1,
            Opened = journey.OpenedAt is not null ? 1 : 0,
            OtpPage = journey.OtpPageAt is not null ? 1 : 0,
            Authenticated = authenticated,
            Sms = Of(Channel.Sms),
            Email = Of(Channel.Email),
            TimeToAuthenticate = authenticated == 1 ? buckets : [],
            Lockouts = journey.Lockouts,
            Bans = journey.Banned ? 1 : 0,
            Reported = journey.Reported ? 1 : 0,
            ByCountry = countries,
        };
    }

    /// <summary>
    /// A participant invited at <paramref name="time"/>. Events of one session may reach the projection out of order
    /// (through different instances): a participant first seen by a later event counts as invited then, until its
    /// invitation arrives and sets the earlier time and its country.
    /// </summary>
    private static JourneyMemory Invited(JourneyMemory memory, ParticipantData participant, DateTimeOffset time)
    {
        var sms = participant.Invite.Channel == Channel.Sms ? participant.Invite : participant.Otp is { Channel: Channel.Sms } otp ? otp : null;
        var known = memory.Participants.GetValueOrDefault(participant.ParticipantId);
        var journey = known is null
            ? new ParticipantJourney { InvitedAt = time, Country = CountryOf(sms?.Address) }
            : known with { InvitedAt = Earliest(known.InvitedAt, time)!.Value, Country = known.Country ?? CountryOf(sms?.Address) };
        return journey == known ? memory : With(memory, participant.ParticipantId, journey);
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? known, DateTimeOffset time) => known is { } k && k <= time ? k : time;

    /// <summary>
    /// Changes a participant's journey; a participant the stream has not seen invited (its start was never projected)
    /// counts as invited at this event.
    /// </summary>
    private static JourneyMemory Change(JourneyMemory memory, string participantId, DateTimeOffset time, Func<ParticipantJourney, ParticipantJourney> change)
    {
        var journey = memory.Participants.GetValueOrDefault(participantId) ?? new ParticipantJourney { InvitedAt = time };
        var changed = change(journey);
        return changed == journey && memory.Participants.ContainsKey(participantId) ? memory : With(memory, participantId, changed);
    }

    private static JourneyMemory With(JourneyMemory memory, string participantId, ParticipantJourney journey) => memory with
    {
        Participants = new Dictionary<string, ParticipantJourney>(memory.Participants, StringComparer.Ordinal) { [participantId] = journey },
    };

    /// <summary>A send's outcome: the first report of a send sets it; a later <c>sent</c> (a repeated event) never undoes a report.</summary>
    private static JourneyMemory Sent(JourneyMemory memory, string participantId, DateTimeOffset time, string send, Channel channel, SendState state) =>
        Change(memory, participantId, time, p =>
        {
            var existing = p.Sends.FirstOrDefault(s => s.Send == send);
            if (existing is not null && (existing.State == state || state == SendState.Sent))
            {
                return p;
            }
            var sends = p.Sends.Where(s => s.Send != send).Append(new SendOutcome(send, channel, state));
            return p with { Sends = [.. sends.TakeLast(ParticipantJourney.MaxSends)] };
        });

    /// <summary><c>otp.delivery_failed</c> names the code, not the send: the code's latest send failed (or one that was never accepted).</summary>
    private static JourneyMemory CodeFailed(JourneyMemory memory, OtpDeliveryFailedData failed, DateTimeOffset time)
    {
        var journey = memory.Participants.GetValueOrDefault(failed.ParticipantId);
        var latest = journey?.Sends.LastOrDefault(s => s.Send.StartsWith(CodeSend + failed.CodeId + ":", StringComparison.Ordinal));
        if (latest is not null)
        {
            return Sent(memory, failed.ParticipantId, time, latest.Send, latest.Channel, SendState.Failed);
        }
        return failed.To is { } to ? Sent(memory, failed.ParticipantId, time, CodeSendId(failed.CodeId, 0), to.Channel, SendState.Failed) : memory;
    }

    private static JourneyMemory Refused(JourneyMemory memory, OutboxEvent e, SendBudgetEventData refusal)
    {
        if (memory.SeenEvents.Contains(e.EventId, StringComparer.Ordinal))
        {
            return memory;
        }
        var day = DayOf(e.Time).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var key = refusal.AgentId is { Length: > 0 } agent ? day + "|" + agent : day;
        return memory with
        {
            BudgetRefusals = new Dictionary<string, int>(memory.BudgetRefusals, StringComparer.Ordinal) { [key] = memory.BudgetRefusals.GetValueOrDefault(key) + 1 },
            SeenEvents = [.. memory.SeenEvents.Append(e.EventId).TakeLast(JourneyMemory.MaxSeenEvents)],
        };
    }

    private static string CodeSendId(string codeId, int send) => CodeSend + codeId + ":" + send.ToString(CultureInfo.InvariantCulture);

    private static string? ParticipantOf(OutboxEvent e)
    {
        try
        {
            using var data = JsonDocument.Parse(e.DataJson);
            return data.RootElement.ValueKind == JsonValueKind.Object && data.RootElement.TryGetProperty("participantId", out var id)
                && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static T? Read<T>(OutboxEvent e) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(e.DataJson, SessionJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
