namespace Alerts.FineTune;

/// <summary>Knobs of a fine-tuning run; the defaults are what was measured (see docs/threat-analysis.md).</summary>
internal sealed record FineTuneSettings(
    int Layers = 2,
    int Epochs = 3,
    double EncoderLearningRate = 5e-5,
    double HeadLearningRate = 1e-3,
    int BatchStatements = 16,
    int MaxTokens = 64,
    int MaxSentencesPerStatement = 8,
    int Seed = 11,
    int Threads = 1);
