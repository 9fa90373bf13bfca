using System.Text.Json;
using OtpSessions.Core.Deliveries;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Tests.Deliveries;

/// <summary>
/// How the one delivery worker and the one report path find the kind of a message or a send, and the one queue message
/// shape every kind shares.
/// </summary>
public sealed class DeliveryKindsTests
{
    private static readonly DeliveryKinds Kinds = new([new NamedOnly("invitation"), new NamedOnly("code")]);

    [Fact]
    public void A_message_finds_the_kind_it_names_exactly()
    {
        Assert.Equal("code", Kinds.Named("code")?.Name);
        Assert.Equal("invitation", Kinds.Named("invitation")?.Name);
        Assert.Null(Kinds.Named("Code"));
        Assert.Null(Kinds.Named("reminder"));
        Assert.Null(Kinds.Named(null));
    }

    [Theory]
    [InlineData("invitation:0123abcd:2", "invitation")]
    [InlineData("code:c_1:1", "code")]
    [InlineData("code:", "code")]
    [InlineData("codes:c_1:1", null)]
    [InlineData("code", null)]
    [InlineData("invitation", null)]
    [InlineData("c_1:1", null)]
    [InlineData("", null)]
    public void A_send_id_finds_the_kind_whose_name_is_its_prefix(string sendId, string? kind) =>
        Assert.Equal(kind, Kinds.OfSend(sendId)?.Name);

    [Fact]
    public void The_queue_message_holds_its_kind_ids_and_item_and_a_trace_only_when_there_is_one()
    {
        var sessionId = SessionIds.NewSessionId();
        var participantId = SessionIds.NewParticipantId();
        var message = new DeliveryMessage("code", sessionId, participantId, "c_1");

        Assert.Equal($$"""{"kind":"code","sessionId":"{{sessionId}}","participantId":"{{participantId}}","item":"c_1"}""",
            JsonSerializer.Serialize(message, SessionJson.Options));
        Assert.Contains("\"traceparent\":\"00-", JsonSerializer.Serialize(message with { Traceparent = "00-ab-cd-01" }, SessionJson.Options), StringComparison.Ordinal);
        Assert.Equal(message, JsonSerializer.Deserialize<DeliveryMessage>(JsonSerializer.Serialize(message, SessionJson.Options), SessionJson.Options));
    }

    [Fact]
    public void A_message_is_well_formed_only_with_real_ids_and_an_item_of_at_most_64_characters()
    {
        var message = new DeliveryMessage("code", SessionIds.NewSessionId(), SessionIds.NewParticipantId(), "c_1");

        Assert.True(message.IsWellFormed());
        Assert.True((message with { Item = new string('x', 64) }).IsWellFormed());
        Assert.False((message with { Item = new string('x', 65) }).IsWellFormed());
        Assert.False((message with { Item = "" }).IsWellFormed());
        Assert.False((message with { SessionId = "s_x" }).IsWellFormed());
        Assert.False((message with { ParticipantId = message.SessionId }).IsWellFormed());
    }

    /// <summary>A kind that only has a name: the registry looks at nothing else.</summary>
    private sealed class NamedOnly(string name) : IDeliveryKind
    {
        public string Name => name;

        public bool IsWellFormed(string item) => throw new NotSupportedException();

        public Task<ParticipantWithTerms?> LoadAsync(ISessionStore sessions, DeliveryMessage message, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public string? WhyNot(Participant participant, string item, DateTimeOffset now) => throw new NotSupportedException();

        public DeliveryContent Render(ParticipantWithTerms snapshot, DateTimeOffset now) => throw new NotSupportedException();

        public SessionChange? Accepted(ParticipantWithTerms snapshot, string item, int send, string providerMessageId, DateTimeOffset now) =>
            throw new NotSupportedException();

        public SessionChange? Failed(ParticipantWithTerms snapshot, string item, string reason, DateTimeOffset now) =>
            throw new NotSupportedException();

        public SessionChange? Reported(ParticipantWithTerms snapshot, string sendId, bool delivered, string providerMessageId,
            DateTimeOffset receivedAt, DateTimeOffset now) => throw new NotSupportedException();
    }
}
