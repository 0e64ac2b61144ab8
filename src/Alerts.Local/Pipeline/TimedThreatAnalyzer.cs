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
    private long _batches;
    private long _ticks;

    public string Version => inner.Version;

    /// <summary>Statements judged.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Calls to <see cref="AnalyzeMany"/>: fewer than <see cref="Calls"/> when statements are judged together.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    public double Seconds => (double)Interlocked.Read(ref _ticks) / Stopwatch.Frequency;

    public void Reset()
    {
        Interlocked.Exchange(ref _calls, 0);
        Interlocked.Exchange(ref _batches, 0);
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
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - started);
        }
    }
}
