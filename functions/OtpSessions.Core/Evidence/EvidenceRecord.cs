using System.Globalization;
using System.Text.Encodings.Web;
using OtpSessions.Core.Events;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Evidence;

/// <summary>
/// Builds a session's authentication record (the evidence payload) from what the session stored, and nothing else: no
/// clock, no configuration but the issuer. Deterministic: properties in a fixed order, times in UTC with invariant
/// formatting, participants by their order in the session, entries by (time, id) — the same trail gives the same bytes.
/// <c>asOf</c> is the time of the latest entry. Addresses appear masked only; codes and tokens are never stored, so
/// never shown. Audit actions this builder does not know are carried through as they are (type, time, actor, data).
/// </summary>
public static class EvidenceRecord
{
    private static readonly JsonWriterOptions Writing = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    /// <summary>The participant's audit actions that mean "authenticated" (its entry).</summary>
    private static readonly string[] Authentications = [EventTypes.ParticipantAuthenticated];

    public static byte[] Build(EvidenceTrail trail, string issuer)
    {
        ArgumentNullException.ThrowIfNull(trail);
        var session = trail.Session;
        var entries = trail.Audit.OrderBy(a => a.Time).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Writing))
        {
            w.WriteStartObject();
            w.WriteString("iss", issuer);
            w.WriteString("asOf", Time(AsOf(trail, entries)));
            w.WriteString("sessionId", session.SessionId);
            WriteNullable(w, "reference", session.Reference);
            w.WriteString("agentId", EventDataGuard.MaskAddresses(session.AgentId));
            WriteNullable(w, "team", session.Team);
            w.WriteString("status", session.Status.ToWire());
            w.WriteString("createdAt", Time(session.CreatedAt));
            w.WriteString("expiresAt", Time(session.ExpiresAt));
            WriteNullable(w, "closedAt", session.ClosedAt is { } closed ? Time(closed) : null);
            w.WritePropertyName("policy");
            JsonSerializer.Serialize(w, session.Policy, SessionJson.Options);
            w.WriteStartArray("participants");
            foreach (var p in trail.Participants.OrderBy(p => p.Index).ThenBy(p => p.ParticipantId, StringComparer.Ordinal))
            {
                WriteParticipant(w, session, p, [.. entries.Where(a => a.ParticipantId == p.ParticipantId)]);
            }
            w.WriteEndArray();
            w.WriteStartArray("events");
            foreach (var entry in entries.Where(a => a.ParticipantId is null))
            {
                WriteEntry(w, entry);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>The time of the record's latest entry: its latest audit record, or what the session and participants say happened last.</summary>
    private static DateTimeOffset AsOf(EvidenceTrail trail, IReadOnlyList<AuditRecord> entries)
    {
        var times = new List<DateTimeOffset> { trail.Session.CreatedAt };
        if (trail.Session.ClosedAt is { } closed)
        {
            times.Add(closed);
        }
        times.AddRange(entries.Select(e => e.Time));
        foreach (var p in trail.Participants)
        {
            times.Add(p.CreatedAt);
            times.AddRange(new[] { p.OpenedAt, p.OtpState.AuthenticatedAt, p.Invitation.SentAt, p.OtpDelivery.SentAt }.OfType<DateTimeOffset>());
        }
        return times.Max();
    }

    private static void WriteParticipant(Utf8JsonWriter w, Session session, Participant p, IReadOnlyList<AuditRecord> entries)
    {
        var otp = p.OtpState;
        var authenticated = entries.LastOrDefault(e => Authentications.Contains(e.Action, StringComparer.Ordinal));
        w.WriteStartObject();
        w.WriteString("participantId", p.ParticipantId);
        w.WriteString("role", p.Role.ToWire());
        w.WriteString("name", p.Name);
        w.WriteStartObject("invite");
        w.WriteString("channel", p.Invite.Channel.ToWire());
        w.WriteString("address", p.Invite.Masked);
        w.WriteEndObject();
        if (p.Otp is { } otpContact)
        {
            w.WriteStartObject("otp");
            w.WriteString("channel", otpContact.Channel.ToWire());
            w.WriteString("address", otpContact.Masked);
            w.WriteString("mode", p.OtpMode.ToWire());
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("otp");
        }
        w.WriteString("otpMode", p.OtpMode.ToWire());
        w.WriteString("status", p.Status.ToWire());
        WriteNullable(w, "lockedUntil", otp.LockedUntil is { } until ? Time(until) : null);
        w.WriteNumber("failedAttempts", otp.FailedAttempts);
        w.WriteNumber("lockouts", otp.Lockouts);
        w.WriteBoolean("banned", otp.Banned);
        var authenticatedAt = authenticated?.Time ?? otp.AuthenticatedAt;
        WriteNullable(w, "authenticatedAt", authenticatedAt is { } at ? Time(at) : null);
        WriteNullable(w, "method", authenticatedAt is null ? null : Method(authenticated, session));
        WriteNullable(w, "replaces", p.Replaces);
        WriteNullable(w, "replacedBy", p.ReplacedBy);
        w.WriteStartObject("invitation");
        w.WriteNumber("attempt", p.Invitation.Attempt);
        w.WriteString("status", InvitationView.Of(p.Invitation).Status);
        WriteNullable(w, "sentAt", p.Invitation.SentAt is { } sent ? Time(sent) : null);
        WriteNullable(w, "providerMessageId", p.Invitation.Delivery.ProviderMessageId);
        w.WriteEndObject();
        w.WriteStartObject("otpDelivery");
        w.WriteString("status", p.OtpDelivery.Status.ToWire());
        w.WriteNumber("send", p.OtpDelivery.Send);
        WriteNullable(w, "sentAt", p.OtpDelivery.SentAt is { } otpSent ? Time(otpSent) : null);
        WriteNullable(w, "providerMessageId", p.OtpDelivery.ProviderMessageId);
        w.WriteEndObject();
        w.WriteStartArray("events");
        foreach (var entry in entries)
        {
            WriteEntry(w, entry);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// How the participant authenticated: as its latest authentication entry says (<c>data.method</c>: otp, passkey,
    /// none, or any method added later), else as the session's policy implies (a code, unless the policy required none).
    /// </summary>
    private static string Method(AuditRecord? authenticated, Session session)
    {
        if (authenticated is not null)
        {
            using var data = JsonDocument.Parse(authenticated.DataJson);
            if (data.RootElement.ValueKind == JsonValueKind.Object
                && data.RootElement.TryGetProperty("method", out var method) && method.ValueKind == JsonValueKind.String)
            {
                return method.GetString()!;
            }
        }
        return session.Policy.RequireOtp ? "otp" : "none";
    }

    private static void WriteEntry(Utf8JsonWriter w, AuditRecord entry)
    {
        w.WriteStartObject();
        w.WriteString("type", entry.Action);
        w.WriteString("time", Time(entry.Time));
        w.WriteString("id", entry.Id);
        w.WriteString("actor", EventDataGuard.MaskAddresses(entry.ActorId));
        w.WritePropertyName("data");
        using (var data = JsonDocument.Parse(string.IsNullOrEmpty(entry.DataJson) ? "{}" : entry.DataJson))
        {
            data.RootElement.WriteTo(w);
        }
        w.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    /// <summary>UTC, invariant, to the tick with trailing zeros dropped: <c>2030-03-04T09:00:00.25Z</c>.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
