namespace OtpSessions.Core.Common;

/// <summary>Either a value or a <see cref="Failure"/>. Application services answer with this instead of throwing.</summary>
public sealed class Outcome<T>
{
    private Outcome(T? value, Failure? failure)
    {
        Value = value;
        Failure = failure;
    }

    public T? Value { get; }

    public Failure? Failure { get; }

    public bool IsSuccess => Failure is null;

    public static Outcome<T> Success(T value) => new(value, null);

    public static Outcome<T> Fail(Failure failure) => new(default, failure);

    public static implicit operator Outcome<T>(T value) => Success(value);

    public static implicit operator Outcome<T>(Failure failure) => Fail(failure);
}
