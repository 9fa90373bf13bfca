namespace OtpSessions.Functions.Http;

/// <summary>A request body read as <typeparamref name="T"/>, or the 400 problem that says why it could not be.</summary>
public sealed record BodyResult<T>(T? Value, IActionResult? Problem) where T : class;
