namespace OtpSessions.Core.Insights;

// Parts of the body of GET /api/insights (docs/api.md, "Insights").

/// <summary>Sends by channel and latest outcome.</summary>
public sealed record DeliveryByChannel(DeliveryCounts Sms, DeliveryCounts Email);

/// <summary>One country's sends, failed sends and authenticated participants.</summary>
public sealed record CountryInsights(string Country, int Sent, int Failed, int Authenticated);
