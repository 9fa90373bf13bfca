namespace OtpSessions.Core.Common;

/// <summary>A validated address on one channel (E.164 phone for SMS, email address for email). Stored in full, shown masked.</summary>
public sealed record Contact(Channel Channel, string Address)
{
    public string ChannelName => Channel.ToWire();

    /// <summary>The only form that may appear in a view, an event or a log line.</summary>
    public string Masked => AddressMasking.Mask(ChannelName, Address);

    /// <summary>Masked: a contact that ends up in a log never shows the full address.</summary>
    public override string ToString() => $"{ChannelName}:{Masked}";
}
