using Microsoft.Azure.Functions.Worker;

namespace Alerts.Functions.Tests;

/// <summary>The little of a FunctionContext the functions read: the invocation id and the trigger's binding data.</summary>
internal sealed class TestFunctionContext(IServiceProvider services, IReadOnlyDictionary<string, object?> bindingData) : FunctionContext
{
    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId => "test";

    public override TraceContext TraceContext => throw new NotSupportedException();

    public override BindingContext BindingContext { get; } = new TestBindingContext(bindingData);

    public override RetryContext RetryContext => throw new NotSupportedException();

    public override IServiceProvider InstanceServices { get; set; } = services;

    public override FunctionDefinition FunctionDefinition => throw new NotSupportedException();

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features => throw new NotSupportedException();

    private sealed class TestBindingContext(IReadOnlyDictionary<string, object?> data) : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData => data;
    }
}
