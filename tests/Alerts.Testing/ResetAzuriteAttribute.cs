using System.Reflection;
using Xunit.v3;

namespace Alerts.Testing;

/// <summary>
/// Empties the assembly's <see cref="AzuriteFixture"/> after each test it applies to (put it on the assembly's
/// Azurite collection definition), so the next test starts from empty tables and queues whichever test ran before.
/// </summary>
/// <remarks>
/// After, not before: xunit runs a test class's <c>InitializeAsync</c> before the before-test hooks, and some
/// classes seed there. The hook is synchronous; the reset is a handful of loopback calls, so it waits for them.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ResetAzuriteAttribute : BeforeAfterTestAttribute
{
    public override void After(MethodInfo methodUnderTest, IXunitTest test)
    {
        var azurite = TestContext.Current.GetFixture<AzuriteFixture>().AsTask().ConfigureAwait(false).GetAwaiter().GetResult()
            ?? throw new InvalidOperationException("[ResetAzurite] needs [assembly: AssemblyFixture(typeof(AzuriteFixture))].");
        azurite.ResetAsync(CancellationToken.None).ConfigureAwait(false).GetAwaiter().GetResult();
    }
}
