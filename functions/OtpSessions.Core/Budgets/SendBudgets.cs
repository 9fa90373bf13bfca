using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using OtpSessions.Core.Events;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Budgets;

/// <summary>
/// Spends the send budgets of a request before it sends anything (<see cref="SpendAsync"/>): all of them or none. The
/// per-address budget is exact — one counter row per address (a keyed hash of it, never the address) and UTC day,
/// read and written back version-checked, so instances never pass it together. The agent, team and app budgets are leased:
/// an instance claims a block of sends (<see cref="SendBudgetRules.NextBlock"/>: 8 at first, doubling, at most 2 % of
/// the limit and a tenth of what is left) with one version-checked write on the budget's counter row and spends it in
/// memory, so no row becomes every request's bottleneck; the counter never hands out more than the limit, and what
/// other instances hold unspent when it runs out is small (about what each spent, and the blocks shrink as it runs out). The
/// warning (80 %) and the first refusal of a window are emitted by the one write that reaches them, through the outbox
/// of the team's partition (or the app's). Register as a singleton: the leases live in it.
/// </summary>
public sealed class SendBudgets(
    ISendBudgetStore store, ISessionStore events, OtpMasterKey masterKey, IOptions<SendBudgetOptions> options, TimeProvider time)
{
    /// <summary>The partition (and event subject) of events that belong to the whole app.</summary>
    public const string AppPartition = "app";

    /// <summary>How many times a counter write that lost its race is read and decided again before the request is <c>busy</c>.</summary>
    public const int MaxAttempts = 40;

    /// <summary>How long budget events wait in the outbox at most, after their window.</summary>
    private static readonly TimeSpan EventRetention = TimeSpan.FromDays(7);

    private readonly byte[] _addressKey = masterKey.DeriveKey(KeyPurposes.SendBudgetAddress);
    private readonly ConcurrentDictionary<(SendBudgetScope, string), Lease> _leases = new();

    /// <summary>
    /// Counts <paramref name="send"/>'s messages against every budget: null when they may go, else 429
    /// <c>send_budget_exceeded</c> with <c>Retry-After</c> to the end of the refusing budget's window, having counted
    /// nothing (what was taken from the other budgets is given back); 503 <c>busy</c> when a counter kept changing under
    /// every attempt.
    /// </summary>
    public async Task<Failure?> SpendAsync(BudgetedSend send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        var count = send.To.Count;
        if (count == 0)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var leased = new List<(Lease Lease, BudgetCounterKey Key)>();
        var taken = new List<(BudgetCounterKey Key, int Units)>();
        try
        {
            foreach (var (scope, subject) in LeasedBudgets(send))
            {
                var key = new BudgetCounterKey(scope, subject, SendBudgetRules.WindowOf(scope, now));
                var lease = _leases.GetOrAdd((scope, subject), _ => new Lease());
                if (!await lease.TakeAsync(key, count, (needed, claims) => ClaimAsync(key, needed, claims, send, now, cancellationToken)))
                {
                    return Refusal(key, now);
                }
                leased.Add((lease, key));
            }
            foreach (var group in send.To.GroupBy(AddressSubject))
            {
                var key = new BudgetCounterKey(SendBudgetScope.Address, group.Key, SendBudgetRules.WindowOf(SendBudgetScope.Address, now));
                var units = group.Count();
                if (!await TakeExactAsync(key, units, send, now, cancellationToken))
                {
                    return Refusal(key, now);
                }
                taken.Add((key, units));
            }
            leased.Clear();
            taken.Clear();
            return null;
        }
        catch (ConcurrencyConflictException)
        {
            // A counter kept changing under every attempt: nothing is sent, and the caller may try again.
            return Failure.Busy();
        }
        finally
        {
            // Refused (or failed): nothing is sent, so nothing stays counted.
            foreach (var (lease, key) in leased)
            {
                await lease.GiveBackAsync(key, count);
            }
            foreach (var (key, units) in taken)
            {
                await GiveBackExactAsync(key, units);
            }
        }
    }

    /// <summary>Counts one message of <paramref name="session"/> to <paramref name="to"/> (<see cref="SpendAsync(BudgetedSend, CancellationToken)"/>).</summary>
    public Task<Failure?> SpendAsync(SessionTerms session, Contact to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return SpendAsync(new BudgetedSend(session.AgentId, session.Team, [to]), cancellationToken);
    }

    /// <summary>The word <c>GET /api/health</c> shows for the app-wide budget (<see cref="SendBudgetRules.HealthWord"/>): one point read.</summary>
    public async Task<string> AppStatusAsync(CancellationToken cancellationToken)
    {
        var key = new BudgetCounterKey(SendBudgetScope.App, AppPartition, SendBudgetRules.WindowOf(SendBudgetScope.App, time.GetUtcNow()));
        var stored = await store.ReadAsync(key, cancellationToken);
        return SendBudgetRules.HealthWord(stored.Version is null ? null : stored.Count, options.Value.AppPerDay);
    }

    /// <summary>The keyed hash that names an address's counter (HMAC-SHA256 under a subkey of the master key, base64url of 16 bytes).</summary>
    public string AddressSubject(Contact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        var mac = HMACSHA256.HashData(_addressKey, Encoding.UTF8.GetBytes(contact.ChannelName + ":" + contact.Address));
        return Base64Url.EncodeToString(mac.AsSpan(0, 16));
    }

    private static IEnumerable<(SendBudgetScope, string)> LeasedBudgets(BudgetedSend send)
    {
        yield return (SendBudgetScope.Agent, send.AgentId);
        if (send.Team is { } team)
        {
            yield return (SendBudgetScope.Team, team);
        }
        yield return (SendBudgetScope.App, AppPartition);
    }

    /// <summary>
    /// Claims the next block (<see cref="SendBudgetRules.NextBlock"/>, at least <paramref name="needed"/>) of a leased budget
    /// from its counter row; the units granted.
    /// </summary>
    private Task<int> ClaimAsync(BudgetCounterKey key, int needed, int claims, BudgetedSend send, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var limit = options.Value.LimitOf(key.Scope);
        return ChangeAsync(key, send, now,
            count => SendBudgetRules.Take(count, Math.Max(needed, SendBudgetRules.NextBlock(claims, limit, count.Used)), needed, limit), cancellationToken);
    }

    private async Task<bool> TakeExactAsync(BudgetCounterKey key, int units, BudgetedSend send, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var limit = options.Value.LimitOf(key.Scope);
        return await ChangeAsync(key, send, now, count => SendBudgetRules.Take(count, units, units, limit), cancellationToken) > 0;
    }

    /// <summary>Point read, decide, conditional write; again after a lost race. Emits the take's signal once written.</summary>
    private async Task<int> ChangeAsync(BudgetCounterKey key, BudgetedSend send, DateTimeOffset now, Func<BudgetCount, BudgetTake> decide,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await store.ReadAsync(key, cancellationToken);
            var take = decide(stored.Count);
            if (take.Next == stored.Count)
            {
                return take.Granted;
            }
            try
            {
                await store.WriteAsync(key, take.Next, stored.Version, cancellationToken);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 + 5 * Math.Min(attempt, 10))), cancellationToken);
                continue;
            }
            if (take.Signal != BudgetSignal.None)
            {
                await EmitAsync(key, take.Signal, send, now, cancellationToken);
            }
            return take.Granted;
        }
    }

    private async Task GiveBackExactAsync(BudgetCounterKey key, int units)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var stored = await store.ReadAsync(key, CancellationToken.None);
            try
            {
                await store.WriteAsync(key, SendBudgetRules.GiveBack(stored.Count, units), stored.Version, CancellationToken.None);
                return;
            }
            catch (ConcurrencyConflictException)
            {
            }
        }
    }

    private Task EmitAsync(BudgetCounterKey key, BudgetSignal signal, BudgetedSend send, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var team = key.Scope == SendBudgetScope.App ? null : send.Team;
        var data = new SendBudgetEventData(key.Scope, team, key.Scope == SendBudgetScope.Agent ? send.AgentId : null,
            options.Value.LimitOf(key.Scope), key.Window.Start, key.Window.End);
        var partition = team is null ? AppPartition : EventSubjects.TeamPartition(team);
        return events.CommitAsync(new SessionChange(partition, key.Window.End + EventRetention)
            .Emit(signal == BudgetSignal.Warning ? EventTypes.SendsBudgetWarning : EventTypes.SendsBudgetExceeded, now, data), cancellationToken);
    }

    private static Failure Refusal(BudgetCounterKey key, DateTimeOffset now) =>
        new(FailureKind.TooManyRequests, ErrorCodes.SendBudgetExceeded,
            "Too many messages were sent recently (to this address, by this agent, this team or the service); try again later.")
        {
            RetryAfter = key.Window.RemainingAt(now),
            Extensions = new Dictionary<string, object?> { ["budget"] = key.Scope.ToWire() },
        };

    /// <summary>The sends this instance holds of one leased budget in its current window.</summary>
    private sealed class Lease
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private string? _window;
        private int _remaining;
        private int _claims;

        /// <param name="claim">Claims at least its first argument of the budget, given how many claims this lease made in the window.</param>
        public async Task<bool> TakeAsync(BudgetCounterKey key, int units, Func<int, int, Task<int>> claim)
        {
            await _gate.WaitAsync();
            try
            {
                if (_window != key.Window.Id)
                {
                    (_window, _remaining, _claims) = (key.Window.Id, 0, 0);
                }
                if (_remaining < units)
                {
                    _remaining += await claim(units - _remaining, _claims++);
                }
                if (_remaining < units)
                {
                    return false;
                }
                _remaining -= units;
                return true;
            }
            finally
            {
                _gate.Release();
            }
        }

        public async Task GiveBackAsync(BudgetCounterKey key, int units)
        {
            // Waits without blocking a thread: the gate may be held for a claim's storage round trip.
            await _gate.WaitAsync();
            try
            {
                if (_window == key.Window.Id)
                {
                    _remaining += units;
                }
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
