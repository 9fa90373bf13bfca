namespace OtpSessions.FakeAcs;

/// <summary>What the fake has seen and been told. Thread-safe; shared by the endpoints and in-process tests.</summary>
public sealed class FakeAcsState
{
    private readonly Lock gate = new();
    private readonly List<RecordedMessage> messages = [];
    private readonly Dictionary<string, SmsResultItem> smsByRepeatabilityId = [];
    private readonly Dictionary<string, EmailOperation> emailOperations = [];
    private readonly Dictionary<string, ((int Status, int? RetryAfterSeconds) Value, int Count)> faults = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (TimeSpan Value, int Count)> delays = new(StringComparer.OrdinalIgnoreCase);
    private int sendRequests;

    /// <summary>Send requests (SMS or email POST) that reached the fake, whatever it answered.</summary>
    public int SendRequests => Volatile.Read(ref sendRequests);

    /// <summary>Accepted messages, oldest first; <paramref name="to"/> filters by recipient (emails case-insensitively).</summary>
    public IReadOnlyList<RecordedMessage> Messages(string? to = null)
    {
        lock (gate)
        {
            return to is null ? [.. messages] : [.. messages.Where(m => SameAddress(m.To, to))];
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> send requests fail with <paramref name="status"/>: only those to <paramref name="to"/>
    /// when it is given (so tests that run side by side cannot take each other's faults), else any. A count of 0 clears the
    /// fault it names.
    /// </summary>
    public void InjectFault(int status, int count, int? retryAfterSeconds = null, string? to = null) =>
        Inject(faults, (status, retryAfterSeconds), count, to);

    /// <summary>
    /// The next <paramref name="count"/> send requests (only those to <paramref name="to"/> when it is given) are accepted and
    /// recorded as usual, but answered only after <paramref name="delay"/> on the fake's clock: a provider that took the
    /// message and then timed out, so that the sender's retry must not send it twice. A count of 0 clears it.
    /// </summary>
    public void InjectDelay(TimeSpan delay, int count, string? to = null) => Inject(delays, delay, count, to);

    /// <summary>Forgets messages, repeatability ids, email operations and pending faults.</summary>
    public void Clear()
    {
        lock (gate)
        {
            messages.Clear();
            smsByRepeatabilityId.Clear();
            emailOperations.Clear();
            faults.Clear();
            delays.Clear();
        }
    }

    internal void CountSendRequest() => Interlocked.Increment(ref sendRequests);

    /// <summary>Takes one fault for a send to these recipients: one addressed to any of them first, else one for anyone.</summary>
    internal (int Status, int? RetryAfterSeconds)? TakeFault(IEnumerable<string?> recipients) => Take(faults, recipients);

    /// <summary>Takes one delay for a send to these recipients, as <see cref="TakeFault"/> takes a fault.</summary>
    internal TimeSpan? TakeDelay(IEnumerable<string?> recipients) => Take(delays, recipients);

    /// <summary>Sets (or with a count of 0 clears) what the next <paramref name="count"/> sends to <paramref name="to"/> (else to anyone) get.</summary>
    private void Inject<T>(Dictionary<string, (T Value, int Count)> injected, T value, int count, string? to)
    {
        var key = to is null ? AnyRecipient : Normalize(to);
        lock (gate)
        {
            if (count == 0)
            {
                injected.Remove(key);
            }
            else
            {
                injected[key] = (value, count);
            }
        }
    }

    /// <summary>Takes one of what was injected for these recipients: one addressed to any of them first, else one for anyone.</summary>
    private T? Take<T>(Dictionary<string, (T Value, int Count)> injected, IEnumerable<string?> recipients)
        where T : struct
    {
        lock (gate)
        {
            foreach (var key in recipients.OfType<string>().Select(Normalize).Append(AnyRecipient))
            {
                if (injected.TryGetValue(key, out var entry))
                {
                    if (entry.Count <= 1)
                    {
                        injected.Remove(key);
                    }
                    else
                    {
                        injected[key] = entry with { Count = entry.Count - 1 };
                    }
                    return entry.Value;
                }
            }
            return null;
        }
    }

    private const string AnyRecipient = "";

    // A '+' typed into a query string arrives as a space: "?to=+1415…" means "+1415…".
    private static string Normalize(string address) => address.Replace(' ', '+').Trim();

    /// <summary>
    /// SMS repeatability: the first request with an id is recorded; a repeat of the same id is answered with the first
    /// result and records nothing.
    /// </summary>
    internal SmsResultItem SendSmsOnce(string? repeatabilityRequestId, Func<(SmsResultItem Item, RecordedMessage? Message)> send)
    {
        lock (gate)
        {
            if (repeatabilityRequestId is not null && smsByRepeatabilityId.TryGetValue(repeatabilityRequestId, out var first))
            {
                return first;
            }
            var (item, message) = send();
            if (message is not null)
            {
                messages.Add(message);
                if (repeatabilityRequestId is not null)
                {
                    smsByRepeatabilityId[repeatabilityRequestId] = item;
                }
            }
            return item;
        }
    }

    /// <summary>An email is recorded once per Operation-Id; a repeat gets the existing operation back.</summary>
    internal EmailOperation SendEmailOnce(string operationId, Func<IReadOnlyList<RecordedMessage>> send)
    {
        lock (gate)
        {
            if (emailOperations.TryGetValue(operationId, out var existing))
            {
                return existing;
            }
            messages.AddRange(send());
            var operation = new EmailOperation(operationId, "Succeeded", null);
            emailOperations[operationId] = operation;
            return operation;
        }
    }

    internal EmailOperation? EmailOperation(string operationId)
    {
        lock (gate)
        {
            return emailOperations.GetValueOrDefault(operationId);
        }
    }

    private static bool SameAddress(string recorded, string query) =>
        string.Equals(recorded, Normalize(query), StringComparison.OrdinalIgnoreCase);
}
