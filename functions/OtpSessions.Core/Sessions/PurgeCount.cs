namespace OtpSessions.Core.Sessions;

/// <summary>How many expired rows one purge removed from one table.</summary>
public sealed record PurgeCount(string Table, int Rows);
