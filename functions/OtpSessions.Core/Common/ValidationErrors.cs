
namespace OtpSessions.Core.Common;

/// <summary>Field-level validation errors, collected in order.</summary>
public sealed class ValidationErrors
{
    private readonly List<(string Path, string Code, string Message)> _errors = [];

    public bool Any => _errors.Count > 0;

    public void Add(string path, string code, string message) => _errors.Add((path, code, message));

    /// <summary>400 with every error by field; the code is the errors' own code when they all share one, else <c>invalid_request</c>.</summary>
    public Failure ToFailure()
    {
        var codes = _errors.Select(e => e.Code).Distinct().ToList();
        var code = codes.Count == 1 ? codes[0] : ErrorCodes.InvalidRequest;
        var detail = codes.Count == 1 && code != ErrorCodes.InvalidRequest ? _errors[0].Message : "The request has invalid fields.";
        return new Failure(FailureKind.Invalid, code, detail)
        {
            Errors = _errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
        };
    }
}
