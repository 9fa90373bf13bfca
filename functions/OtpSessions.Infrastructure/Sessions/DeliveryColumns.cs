namespace OtpSessions.Infrastructure.Sessions;

/// <summary>
/// The one mapping between a <see cref="Delivery"/> and the columns of the row it sits on, whatever its kind and row: the
/// same column set (status, sent at, provider id, item, send, sends accepted, retry at) under a prefix per place. The
/// names are those the rows have always had, so rows written before read alike: an invitation on its participant row
/// (<c>Invitation…</c>, its item the <c>InvitationId</c>, its send the <c>InvitationAttempt</c>, a queued send stored as
/// <c>pending</c>), the code send a participant row asked for (<c>OtpDelivery…</c>), and a code's record on its own row
/// (no prefix). Columns with nothing to say (no sends accepted, no retry time) are not written.
/// </summary>
public sealed class DeliveryColumns
{
    /// <summary>An invitation's delivery, on the participant row.</summary>
    public static readonly DeliveryColumns Invitation =
        new(DeliveryKindNames.Invitation, "Invitation", item: "InvitationId", send: "InvitationAttempt", queuedAs: "pending");

    /// <summary>The code send the participant asked for, on the participant row.</summary>
    public static readonly DeliveryColumns CodeAsked = new(DeliveryKindNames.Code, "OtpDelivery", item: "OtpDeliveryCodeId", send: "OtpDeliverySend");

    /// <summary>A code's delivery record, on its own row (<see cref="SessionRowKeys.OtpDelivery"/>).</summary>
    public static readonly DeliveryColumns CodeRecord = new(DeliveryKindNames.Code, "", item: "CodeId", send: "Send");

    private readonly string _kind;
    private readonly string _status;
    private readonly string _sentAt;
    private readonly string _providerMessageId;
    private readonly string _item;
    private readonly string _send;
    private readonly string _sendsAccepted;
    private readonly string _retryAt;
    private readonly string? _queuedAs;

    private DeliveryColumns(string kind, string prefix, string item, string send, string? queuedAs = null)
    {
        (_kind, _item, _send, _queuedAs) = (kind, item, send, queuedAs);
        _status = prefix + "Status";
        _sentAt = prefix + "SentAt";
        _providerMessageId = prefix + "ProviderMessageId";
        _sendsAccepted = prefix + "SendsAccepted";
        _retryAt = prefix + "RetryAt";
    }

    public void Write(TableEntity row, Delivery delivery)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(delivery);
        row[_status] = delivery.Status == DeliveryStatus.Queued && _queuedAs is not null ? _queuedAs : delivery.Status.ToWire();
        row[_sentAt] = delivery.SentAt;
        row[_providerMessageId] = delivery.ProviderMessageId;
        row[_item] = delivery.Item;
        row[_send] = delivery.Send;
        row[_sendsAccepted] = delivery.SendsAccepted == 0 ? null : delivery.SendsAccepted;
        row[_retryAt] = delivery.RetryAt;
    }

    /// <summary>The delivery the row holds (<c>none</c> when it names no status: a row from before codes were sent).</summary>
    public Delivery Read(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var status = row.GetString(_status);
        return new Delivery(_kind, status is null ? DeliveryStatus.None
            : status == _queuedAs ? DeliveryStatus.Queued
            : WireNames.Parse<DeliveryStatus>(status))
        {
            Item = row.GetString(_item),
            Send = row.GetInt32(_send) ?? 0,
            SendsAccepted = row.GetInt32(_sendsAccepted) ?? 0,
            SentAt = row.GetDateTimeOffset(_sentAt),
            ProviderMessageId = row.GetString(_providerMessageId),
            RetryAt = row.GetDateTimeOffset(_retryAt),
        };
    }
}
