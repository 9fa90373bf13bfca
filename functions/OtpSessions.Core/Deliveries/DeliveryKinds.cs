namespace OtpSessions.Core.Deliveries;

/// <summary>The registered <see cref="IDeliveryKind"/>s, found by a message's kind or by a send id's prefix.</summary>
public sealed class DeliveryKinds(IEnumerable<IDeliveryKind> kinds)
{
    private readonly IReadOnlyList<IDeliveryKind> _kinds = [.. kinds];

    /// <summary>Why no kind sends to a reported participant (a recipient said "not me": nothing more goes to it).</summary>
    public const string Reported = "participant reported \"not me\"";

    /// <summary>The kind a message names, or null (unknown or missing).</summary>
    public IDeliveryKind? Named(string? name) => _kinds.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.Ordinal));

    /// <summary>The kind whose send <paramref name="sendId"/> is (<c>{kind}:…</c>), or null.</summary>
    public IDeliveryKind? OfSend(string sendId) =>
        _kinds.FirstOrDefault(k => sendId.Length > k.Name.Length && sendId[k.Name.Length] == ':'
            && sendId.StartsWith(k.Name, StringComparison.Ordinal));
}
