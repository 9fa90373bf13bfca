using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;

namespace OtpSessions.LocalHost.Hosting;

/// <summary>
/// A function from functions.metadata resolved to its method, with a binder per parameter. Anything that
/// cannot be bound is refused when the host starts, naming the function — never skipped silently.
/// </summary>
public sealed class LocalFunction
{
    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);
    private readonly Func<InvocationInput, object?>[] _binders;

    private LocalFunction(FunctionMetadata metadata, TriggerKind kind, Type type, MethodInfo method, Func<InvocationInput, object?>[] binders)
    {
        Metadata = metadata;
        Kind = kind;
        Type = type;
        Method = method;
        _binders = binders;
    }

    public FunctionMetadata Metadata { get; }
    public TriggerKind Kind { get; }
    public Type Type { get; }
    public MethodInfo Method { get; }
    public string Name => Metadata.Name;
    public BindingMetadata Trigger => Metadata.Trigger;

    public static LocalFunction Resolve(FunctionMetadata metadata)
    {
        var unsupported = metadata.Bindings.FirstOrDefault(b => !IsSupported(b));
        if (unsupported is not null)
        {
            throw Refuse(metadata, $"uses a '{unsupported.Type}' binding ({unsupported.Direction}, '{unsupported.Name}'), which the local host cannot serve");
        }
        var kind = metadata.Trigger.Type.ToLowerInvariant() switch
        {
            "httptrigger" => TriggerKind.Http,
            "queuetrigger" => TriggerKind.Queue,
            _ => TriggerKind.Timer,
        };

        var split = metadata.EntryPoint.LastIndexOf('.');
        if (split <= 0)
        {
            throw Refuse(metadata, $"has an invalid entry point '{metadata.EntryPoint}'");
        }
        var assembly = Assembly.Load(new AssemblyName(Path.GetFileNameWithoutExtension(metadata.ScriptFile)));
        var type = assembly.GetType(metadata.EntryPoint[..split])
            ?? throw Refuse(metadata, $"names type '{metadata.EntryPoint[..split]}', which '{metadata.ScriptFile}' does not contain");
        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.Name == metadata.EntryPoint[(split + 1)..]).ToList();
        if (methods.Count != 1)
        {
            throw Refuse(metadata, $"names method '{metadata.EntryPoint}', found {methods.Count} such methods");
        }
        var method = methods[0];
        var binders = method.GetParameters().Select(p => Binder(metadata, kind, p)).ToArray();
        return new LocalFunction(metadata, kind, type, method, binders);
    }

    /// <summary>Creates the function class from the app's DI (per invocation), binds, runs and awaits it.</summary>
    public async Task<object?> InvokeAsync(InvocationInput input)
    {
        var instance = Method.IsStatic ? null : ActivatorUtilities.CreateInstance(input.Services, Type);
        try
        {
            var args = _binders.Select(b => b(input)).ToArray();
            object? returned;
            try
            {
                returned = Method.Invoke(instance, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
            if (returned is Task task)
            {
                await task;
                var resultProperty = task.GetType().GetProperty("Result");
                return resultProperty is not null && resultProperty.PropertyType.Name != "VoidTaskResult" ? resultProperty.GetValue(task) : null;
            }
            return returned;
        }
        finally
        {
            switch (instance)
            {
                case IAsyncDisposable asyncDisposable: await asyncDisposable.DisposeAsync(); break;
                case IDisposable disposable: disposable.Dispose(); break;
            }
        }
    }

    private static bool IsSupported(BindingMetadata b) =>
        b.Type.ToLowerInvariant() switch
        {
            "httptrigger" or "queuetrigger" or "timertrigger" => true,
            "http" => b.Direction.Equals("Out", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };

    private static Func<InvocationInput, object?> Binder(FunctionMetadata metadata, TriggerKind kind, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(CancellationToken))
        {
            return input => input.CancellationToken;
        }
        var isTrigger = string.Equals(parameter.Name, metadata.Trigger.Name, StringComparison.Ordinal);
        switch (kind)
        {
            case TriggerKind.Http when type == typeof(HttpRequest):
                return input => input.Http!.Request;
            case TriggerKind.Http when !isTrigger && RouteParameters(metadata.Trigger.Route).Contains(parameter.Name!) && IsSimple(type):
                return input => Convert(input.Http!.Request.RouteValues[parameter.Name!]?.ToString(), type);
            case TriggerKind.Queue when isTrigger:
                return QueuePayloadBinder(type);
            case TriggerKind.Queue when parameter.Name == "dequeueCount" && (type == typeof(long) || type == typeof(int)):
                return input => System.Convert.ChangeType(input.DequeueCount, type, System.Globalization.CultureInfo.InvariantCulture);
            case TriggerKind.Queue when parameter.Name == "id" && type == typeof(string):
                return input => input.QueueMessageId;
            case TriggerKind.Timer when isTrigger && type == typeof(TimerInfo):
                return input => input.Timer;
        }
        throw Refuse(metadata, $"has parameter '{parameter.Name}' of type {type.Name}, which the local host cannot bind for a {kind} trigger");
    }

    private static Func<InvocationInput, object?> QueuePayloadBinder(Type type)
    {
        if (type == typeof(string)) return input => input.QueueMessage!.ToString();
        if (type == typeof(BinaryData)) return input => input.QueueMessage;
        if (type == typeof(byte[])) return input => input.QueueMessage!.ToArray();
        return input => JsonSerializer.Deserialize(input.QueueMessage!.ToMemory().Span, type, PayloadJson);
    }

    private static HashSet<string> RouteParameters(string? route) =>
        route is null ? [] : Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse(route).Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static bool IsSimple(Type type) => type == typeof(string) || type == typeof(int) || type == typeof(long) || type == typeof(Guid);

    /// <summary>A route value as the parameter's type; one that does not convert is a bad request (400), never a 500.</summary>
    private static object? Convert(string? value, Type type)
    {
        try
        {
            return type == typeof(string) ? value
                : type == typeof(Guid) ? Guid.Parse(value!)
                : System.Convert.ChangeType(value, type, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentNullException or InvalidCastException)
        {
            throw new BadHttpRequestException($"A route value is not a valid {type.Name}.", e);
        }
    }

    private static InvalidOperationException Refuse(FunctionMetadata metadata, string why) =>
        new($"Local host cannot serve function '{metadata.Name}': it {why}.");
}
