using Alerts.Core.Threats;

namespace Alerts.Core.Tests.Threats;

/// <summary>The shipped judge (embedded rules, committed model, the real encoder), built once for the test run.</summary>
internal static class JudgeFixture
{
    private static readonly Lazy<ThreatJudge> Shared = new(() => ThreatJudge.FromSetting(null));

    public static ThreatJudge Judge => Shared.Value;
}
