using System.Diagnostics;
using Alerts.Core.Threats;

namespace Alerts.Local.Pipeline;

/// <summary>
/// Wraps the registered analyser for a load run: counts the statements judged and the time spent judging them
/// (summed over the threads that judge side by side), so the report can say how much of a run is the judge.
/// </summary>
public sealed class TimedThreatAnalyzer(IThreatAnalyzer inner) : IThreatAnalyzer
{
    private long _calls;
    private long _ticks;

    public string Version => inner.Version;

    public long Calls => Interlocked.Read(ref _calls);

    public double Seconds => (double)Interlocked.Read(ref _ticks) / Stopwatch.Frequency;

    public void Reset()
    {
        Interlocked.Exchange(ref _calls, 0);
        Interlocked.Exchange(ref _ticks, 0);
    }

    public ThreatAnalysis Analyze(string text, SpeakerContext? speaker = null)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return inner.Analyze(text, speaker);
        }
        finally
        {
            Interlocked.Increment(ref _calls);
            Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - started);
        }
    }

    public IReadOnlyList<ThreatAnalysis> AnalyzeMany(IReadOnlyList<ThreatInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return inner.AnalyzeMany(inputs);
        }
        finally
        {
            Interlocked.Add(ref _calls, inputs.Count);
            Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - started);
        }
    }
}
