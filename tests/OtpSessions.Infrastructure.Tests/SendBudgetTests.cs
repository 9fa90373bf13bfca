using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using OtpSessions.Core.Budgets;
using OtpSessions.Core.Common;
using OtpSessions.Core.Events;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Sessions;
using OtpSessions.Infrastructure.Events;
using OtpSessions.Infrastructure.Storage;
using OtpSessions.Infrastructure.Tests.Join;

namespace OtpSessions.Infrastructure.Tests;

/// <summary>
/// Send budgets on a real Azurite: the per-address budget holds exactly across app instances, the leased team budget
/// within 5 %, a refused request sends and creates nothing, and the warning and first refusal are emitted once.
/// Every test uses addresses and teams of its own (the counters outlive a test in the shared Azurite).
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class SendBudgetTests(StorageFixture storage)
{
    private static int _phone;

    private static string NewPhone() => "+1415557" + Interlocked.Increment(ref _phone).ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>
    /// <see cref="SessionTestApp.RoomyBudgets"/> with the budget under test set: the app-wide counter is shared by every test
    /// of the collection (one Azurite, one fake day), so its limit stays the roomy one.
    /// </summary>
    private static SendBudgetOptions Budgets(int? perAddress = null, int? perTeam = null)
    {
        var budgets = SessionTestApp.RoomyBudgets();
        budgets.PerAddressPerDay = perAddress ?? budgets.PerAddressPerDay;
        budgets.PerTeamPerDay = perTeam ?? budgets.PerTeamPerDay;
        return budgets;
    }

    private static string NewTeam() => "team-" + Guid.NewGuid().ToString("N")[..8];

    private static StartSessionInput InviteBySms(string phone) =>
        new([new ParticipantInput(ParticipantRole.Primary, "Dana Cole", new ContactInput(Channel.Sms, phone), null)], null);

    [Fact]
    public async Task The_21st_send_to_one_address_in_a_day_is_refused_with_retry_after_to_the_end_of_the_day_and_creates_no_session()
    {
        var app = new SessionTestApp(storage, budgets: Budgets(perAddress: new SendBudgetOptions().PerAddressPerDay)); // the default: 20 a day
        var agent = SessionTestApp.Agent(team: NewTeam());
        var phone = NewPhone();
        for (var i = 0; i < 20; i++)
        {
            await app.StartAsync(agent, InviteBySms(phone));
        }
        await app.DrainInvitationsAsync();

        var refused = await app.Service.StartAsync(agent, InviteBySms(phone), "key-21", CancellationToken.None);

        Assert.Equal(ErrorCodes.SendBudgetExceeded, refused.Failure?.Code);
        Assert.Equal(FailureKind.TooManyRequests, refused.Failure!.Kind);
        var now = app.Time.GetUtcNow();
        Assert.Equal(now.UtcDateTime.Date.AddDays(1) - now.UtcDateTime, refused.Failure.RetryAfter);
        Assert.Equal("address", refused.Failure.Extensions!["budget"]);
        Assert.Empty(await app.DrainInvitationsAsync());
        var listed = await app.Service.ListAsync(agent, null, null, 100, null, CancellationToken.None);
        Assert.Equal(20, listed.Value!.Sessions.Count);

        // Another address of the same agent still goes; and after midnight the same Idempotency-Key is a new try (a 429 is never remembered).
        await app.StartAsync(agent, InviteBySms(NewPhone()));
        app.Time.Advance(refused.Failure.RetryAfter!.Value);
        var retried = await app.Service.StartAsync(agent, InviteBySms(phone), "key-21", CancellationToken.None);
        Assert.True(retried.IsSuccess, retried.Failure?.Detail);
    }

    [Fact]
    public async Task The_per_address_budget_holds_exactly_under_50_parallel_sends_from_two_instances()
    {
        var budgets = Budgets(perAddress: 20);
        var (one, two) = (new SessionTestApp(storage, budgets: budgets), new SessionTestApp(storage, budgets: budgets));
        var team = NewTeam();
        var to = new Contact(Channel.Sms, NewPhone());

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() =>
            (i % 2 == 0 ? one : two).Budgets.SpendAsync(new BudgetedSend("agent-" + i % 5, team, [to]), CancellationToken.None))));

        Assert.Equal(20, answers.Count(a => a is null));
        Assert.All(answers.OfType<Failure>(), f => Assert.Equal(ErrorCodes.SendBudgetExceeded, f.Code));
        var key = new BudgetCounterKey(SendBudgetScope.Address, one.Budgets.AddressSubject(to), SendBudgetRules.WindowOf(SendBudgetScope.Address, one.Time.GetUtcNow()));
        Assert.Equal(new BudgetCount(20, Warned: true, Exceeded: true), (await one.BudgetStore.ReadAsync(key, CancellationToken.None)).Count);
        // The warning at 80 % and the first refusal, once each, in the team's partition.
        Assert.Equal(["sends.budget_exceeded", "sends.budget_warning"], await EventTypesOfAsync(EventSubjects.TeamPartition(team)));
    }

    [Fact]
    public async Task The_team_budget_holds_within_5_percent_under_parallel_sends_from_two_instances()
    {
        var budgets = Budgets(perTeam: 1_000);
        var (one, two) = (new SessionTestApp(storage, budgets: budgets), new SessionTestApp(storage, budgets: budgets));
        var team = NewTeam();
        var sent = 0;

        await Parallel.ForEachAsync(Enumerable.Range(0, 1_200), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var to = new Contact(Channel.Email, $"p{i}.{team}@example.com");
            if (await (i % 2 == 0 ? one : two).Budgets.SpendAsync(new BudgetedSend("agent-" + i % 7, team, [to]), ct) is null)
            {
                Interlocked.Increment(ref sent);
            }
        });

        Assert.InRange(sent, 950, 1_000);
        var types = await EventTypesOfAsync(EventSubjects.TeamPartition(team));
        Assert.Equal(1, types.Count(t => t == EventTypes.SendsBudgetWarning));
        Assert.Equal(1, types.Count(t => t == EventTypes.SendsBudgetExceeded));
    }

    [Fact]
    public async Task Budget_counters_never_hold_an_address()
    {
        var app = new SessionTestApp(storage, budgets: Budgets(perAddress: 20));
        var phone = NewPhone();
        await app.StartAsync(SessionTestApp.Agent(team: NewTeam()), InviteBySms(phone));

        var rows = storage.Tables.GetTableClient(TableNames.SendBudgets).QueryAsync<TableEntity>();
        await foreach (var row in rows)
        {
            Assert.DoesNotContain(phone[1..], row.PartitionKey + row.RowKey, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task At_the_otp_page_a_refused_send_issues_no_code_and_the_agent_sees_refused_with_retry_at()
    {
        var join = new JoinTestApp(storage, budgets: Budgets(perAddress: 3));
        var agent = SessionTestApp.Agent(team: NewTeam());
        var otpPhone = NewPhone();
        var view = await join.Sessions.StartAsync(agent, new StartSessionInput(
            [new ParticipantInput(ParticipantRole.Primary, "Dana Cole", new ContactInput(Channel.Email, $"dana.{otpPhone[1..]}@example.com"),
                new ContactInput(Channel.Sms, otpPhone))], null));
        var participantId = view.Participants[0].ParticipantId;
        var invite = JoinTestApp.Invite(join.Sessions.InviteTokenOf(await join.ParticipantAsync(view.SessionId, participantId)));
        // Someone else's sessions spent the number's budget today.
        Assert.Null(await join.Sessions.Budgets.SpendAsync(new BudgetedSend("agent-x", "other", [new Contact(Channel.Sms, otpPhone), new Contact(Channel.Sms, otpPhone), new Contact(Channel.Sms, otpPhone)]), CancellationToken.None));

        var refused = await join.Join.RequestOtpAsync(invite, CancellationToken.None);

        Assert.Equal(ErrorCodes.SendBudgetExceeded, refused.Failure?.Code);
        var now = join.Sessions.Time.GetUtcNow();
        var endOfDay = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        Assert.Equal(endOfDay - now, refused.Failure!.RetryAfter);
        Assert.Empty(await join.DrainOtpMessagesAsync(view.SessionId));
        Assert.Null((await join.ParticipantAsync(view.SessionId, participantId)).OtpState.CodeId);
        var agentView = (await join.Sessions.Service.GetAsync(agent, view.SessionId, CancellationToken.None)).Value!.Participants[0];
        Assert.Equal(DeliveryStatus.Refused, agentView.OtpDelivery.Status);
        Assert.Equal(endOfDay, agentView.OtpDelivery.RetryAt);
        Assert.False(agentView.OtpViewable);
        var json = JsonSerializer.Serialize(agentView.OtpDelivery, SessionJson.Options);
        Assert.Contains("\"status\":\"refused\"", json, StringComparison.Ordinal);
        Assert.Contains("\"retryAt\":", json, StringComparison.Ordinal);

        // The next day the code goes out.
        join.Sessions.Time.Advance(refused.Failure.RetryAfter!.Value);
        Assert.True((await join.Join.RequestOtpAsync(invite, CancellationToken.None)).IsSuccess);
        Assert.Single(await join.DrainOtpMessagesAsync(view.SessionId));
    }

    [Fact]
    public async Task A_manual_participant_reaching_the_otp_page_spends_no_budget()
    {
        var join = new JoinTestApp(storage, budgets: Budgets(perAddress: 1));
        var agent = SessionTestApp.Agent(team: NewTeam());
        var phone = NewPhone();
        var view = await join.Sessions.StartAsync(agent, InviteBySms(phone));
        var participantId = view.Participants[0].ParticipantId;
        var invite = JoinTestApp.Invite(join.Sessions.InviteTokenOf(await join.ParticipantAsync(view.SessionId, participantId)));

        Assert.True((await join.Join.RequestOtpAsync(invite, CancellationToken.None)).IsSuccess);
        Assert.NotNull((await join.ParticipantAsync(view.SessionId, participantId)).OtpState.CodeId);
    }

    [Fact]
    public async Task Add_reassign_and_resend_over_the_address_budget_change_nothing()
    {
        var app = new SessionTestApp(storage, budgets: Budgets(perAddress: 1));
        var agent = SessionTestApp.Agent(team: NewTeam());
        var (first, second) = (NewPhone(), NewPhone());
        var view = await app.StartAsync(agent, InviteBySms(first));
        var participantId = view.Participants[0].ParticipantId;
        await app.StartAsync(agent, InviteBySms(second)); // spends the second number's budget
        await app.DrainInvitationsAsync();
        var cosigner = new ParticipantInput(ParticipantRole.Cosigner, "Lee Cole", new ContactInput(Channel.Sms, second), null);

        var added = await app.Service.AddParticipantAsync(agent, view.SessionId, cosigner, CancellationToken.None);
        var reassigned = await app.Service.ReassignAsync(agent, view.SessionId, participantId,
            new ReplacementInput("Lee Cole", new ContactInput(Channel.Sms, second), null), CancellationToken.None);
        app.Time.Advance(TimeSpan.FromMinutes(5)); // past the resend cooldown
        var resent = await app.Service.ResendInvitationAsync(agent, view.SessionId, participantId, CancellationToken.None);

        Assert.All(new[] { added.Failure, reassigned.Failure, resent.Failure }, f => Assert.Equal(ErrorCodes.SendBudgetExceeded, f?.Code));
        var session = (await app.Service.GetAsync(agent, view.SessionId, CancellationToken.None)).Value!;
        Assert.Equal(ParticipantStatus.Invited, Assert.Single(session.Participants).Status);
        Assert.Empty(await app.DrainInvitationsAsync());
    }

    private async Task<List<string>> EventTypesOfAsync(string partition) =>
        [.. (await new TableOutboxStore(storage.Tables).ListSessionAsync(partition, CancellationToken.None)).Select(e => e.Event.Type).Order()];
}
