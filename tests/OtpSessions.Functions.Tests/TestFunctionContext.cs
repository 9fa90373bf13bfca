using System.Collections.Immutable;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace OtpSessions.Functions.Tests;

/// <summary>
/// A <see cref="FunctionContext"/> as the Functions worker hands one to middleware: the function's definition (name and
/// trigger binding) and, for an HTTP function, the ASP.NET Core request in <see cref="Items"/> where the worker's HTTP
/// integration puts it (what <c>GetHttpContext()</c> reads).
/// </summary>
public sealed class TestFunctionContext : FunctionContext
{
    /// <summary>The <see cref="Items"/> key of the ASP.NET Core integration (Microsoft.Azure.Functions.Worker.Extensions.Http.AspNetCore).</summary>
    private const string HttpContextKey = "HttpRequestContext";

    public TestFunctionContext(string functionName, string triggerType, HttpContext? http = null)
    {
        FunctionDefinition = new Definition(functionName, triggerType);
        if (http is not null)
        {
            Items[HttpContextKey] = http;
        }
    }

    public override string InvocationId { get; } = Guid.NewGuid().ToString();
    public override string FunctionId => FunctionDefinition.Id;
    public override TraceContext TraceContext => null!;
    public override BindingContext BindingContext => null!;
    public override RetryContext RetryContext => null!;
    public override IServiceProvider InstanceServices { get; set; } = null!;
    public override FunctionDefinition FunctionDefinition { get; }
    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();
    public override IInvocationFeatures Features => null!;

    private sealed class Definition(string name, string triggerType) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters => [];
        public override string PathToAssembly => typeof(Definition).Assembly.Location;
        public override string EntryPoint => $"Test.{name}";
        public override string Id { get; } = Guid.NewGuid().ToString();
        public override string Name => name;
        public override IImmutableDictionary<string, BindingMetadata> InputBindings { get; } =
            ImmutableDictionary<string, BindingMetadata>.Empty.Add("trigger", new Binding("trigger", triggerType, BindingDirection.In));
        public override IImmutableDictionary<string, BindingMetadata> OutputBindings { get; } = ImmutableDictionary<string, BindingMetadata>.Empty;
    }

    private sealed class Binding(string name, string type, BindingDirection direction) : BindingMetadata
    {
        public override string Name => name;
        public override string Type => type;
        public override BindingDirection Direction => direction;
    }
}
