using Alerts.Core.Threats;

namespace Alerts.Core.Feedback;

/// <summary>
/// How far the judge agrees with what subscribers said: at the time of the alert (the stored verdict) and
/// now (the current analyser run on the same text, so a rules change shows up as fixed or not).
/// A "wrong category" vote agrees on threat-or-not and is counted apart; a missed statement agrees only
/// when the analyser now calls it a threat.
/// </summary>
public sealed record FeedbackAgreement(int Verdicts, int Useful, int NotAThreat, int WrongCategory, int AgreeAtAlert, int AgreeNow, int Judged, int Missed, int MissedCaughtNow)
{
    public double AtAlertRate => Rate(AgreeAtAlert, Useful + NotAThreat);

    public double NowRate => Rate(AgreeNow, Judged);

    public static FeedbackAgreement Measure(IEnumerable<FeedbackExportLine> lines, IThreatAnalyzer analyzer)
    {
        int verdicts = 0, useful = 0, notAThreat = 0, wrongCategory = 0, agreeAtAlert = 0, agreeNow = 0, judged = 0, missed = 0, caught = 0;
        foreach (var line in lines)
        {
            if (line.Kind == FeedbackStore.MissedKind)
            {
                missed++;
                if (!string.IsNullOrWhiteSpace(line.Text) && analyzer.Analyze(line.Text).Threat)
                {
                    caught++;
                }

                continue;
            }

            var verdict = FeedbackVerdicts.Parse(line.Feedback);
            if (verdict is null)
            {
                continue;
            }

            verdicts++;
            switch (verdict.Value)
            {
                case FeedbackVerdict.Useful:
                    useful++;
                    agreeAtAlert += line.JudgeThreat == true ? 1 : 0;
                    break;
                case FeedbackVerdict.NotAThreat:
                    notAThreat++;
                    agreeAtAlert += line.JudgeThreat == false ? 1 : 0;
                    break;
                default:
                    wrongCategory++;
                    break;
            }

            if (verdict.Value != FeedbackVerdict.WrongCategory && !string.IsNullOrWhiteSpace(line.Text))
            {
                judged++;
                var threatNow = analyzer.Analyze(line.Text).Threat;
                agreeNow += threatNow == (verdict.Value == FeedbackVerdict.Useful) ? 1 : 0;
            }
        }

        return new FeedbackAgreement(verdicts, useful, notAThreat, wrongCategory, agreeAtAlert, agreeNow, judged, missed, caught);
    }

    private static double Rate(int part, int whole) => whole == 0 ? 0 : (double)part / whole;
}
