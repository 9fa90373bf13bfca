namespace OtpSessions.Infrastructure.Storage;

/// <summary>Every table name, in one place.</summary>
public static class TableNames
{
    public const string Sessions = "sessions";
    public const string Tokens = "tokens";
    public const string Idempotency = "idempotency";
    public const string Policies = "policies";

    public static readonly IReadOnlyList<string> All = [Sessions, Tokens, Idempotency, Policies];
}
