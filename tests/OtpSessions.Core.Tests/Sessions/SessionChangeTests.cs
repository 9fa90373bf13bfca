using OtpSessions.Core.Common;
using OtpSessions.Core.Events;
using OtpSessions.Core.Sessions;
using static OtpSessions.Core.Tests.Sessions.SessionFixtures;

namespace OtpSessions.Core.Tests.Sessions;

public sealed class SessionChangeTests
{
    [Fact]
    public void Events_of_one_change_get_ids_that_sort_in_the_order_they_were_emitted()
    {
        var change = new SessionChange(SessionIds.NewSessionId(), Now.AddDays(30));

        for (var i = 0; i < 12; i++)
        {
            change.Emit(EventTypes.ParticipantAdded, Now, new { n = i });
        }

        var ids = change.Events.Select(e => e.EventId).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.All(change.Events, e => Assert.Equal(change.SessionId, e.SessionId));
    }

    [Fact]
    public void Putting_a_participant_twice_keeps_the_last_version()
    {
        var session = Session();
        var p = Participant(session);
        var change = new SessionChange(session.SessionId, session.ExpiresAt);

        change.Put(p).Put(p with { Name = "Dana C." });

        Assert.Equal("Dana C.", Assert.Single(change.Participants).Name);
        Assert.Equal(1, change.RowCount);
    }

    [Fact]
    public void Event_and_audit_data_carry_masked_addresses_only_and_pass_the_publishing_guard()
    {
        var session = Session();
        var p = Participant(session, new Contact(Channel.Sms, "+14155550100"));
        var data = new SessionStartedData(session.SessionId, session.AgentId, session.Team, session.Reference, [ParticipantData.Of(p)]);

        var change = new SessionChange(session.SessionId, session.ExpiresAt)
            .Emit(EventTypes.SessionStarted, Now, data)
            .Record(AuditActions.SessionStarted, "agent-7", Now, null, data);

        var json = SessionFixtures.Unescaped(change.Events[0].DataJson);
        Assert.Null(EventDataGuard.FindViolation(json));
        Assert.Contains("d***@example.com", json, StringComparison.Ordinal);
        Assert.Contains("+1******0100", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Dana", json, StringComparison.Ordinal);
        Assert.Equal(change.Events[0].DataJson, change.Audit[0].DataJson);
        Assert.Equal(Now, change.Audit[0].Time);
        Assert.Matches("^[0-9a-f]{12}$", change.Audit[0].Id);
    }

    [Fact]
    public void Contacts_print_masked()
    {
        Assert.Equal("sms:+1******0100", new Contact(Channel.Sms, "+14155550100").ToString());
    }
}
