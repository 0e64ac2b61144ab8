using Alerts.Core.Threats;

namespace Alerts.Core.Tests.Threats;

/// <summary>
/// Phrasings written for these tests (not from the dev-set), one per general pattern the rules cover,
/// so a rule edit that breaks a pattern fails here whatever the dev-set says.
/// </summary>
public sealed class ThreatAnalyzer_Phrasings
{
    private static readonly ThreatAnalyzer Analyzer = new();

    [Theory]
    [InlineData("Any attack on our territory will be answered with overwhelming force.", ThreatCategories.MilitaryForce)]
    [InlineData("North Korea will respond with a merciless nuclear strike if provoked.", ThreatCategories.MilitaryForce)]
    [InlineData("Those who attack our soldiers will be found and punished.", ThreatCategories.MilitaryForce)]
    [InlineData("We will not stop until every one of them is dead.", ThreatCategories.MilitaryForce)]
    [InlineData("If Kyiv strikes deep into Russia, Moscow will consider the suppliers parties to the conflict.", ThreatCategories.MilitaryForce)]
    [InlineData("Moscow will respond harshly to any provocation near its borders.", ThreatCategories.MilitaryForce)]
    [InlineData("If Hamas does not release the hostages, all hell will break loose.", ThreatCategories.NonspecificWarning)]
    [InlineData("The aggressor will receive an answer it will not forget.", ThreatCategories.NonspecificWarning)]
    [InlineData("China will take forceful measures if the United States insists on this path.", ThreatCategories.NonspecificWarning)]
    [InlineData("They would execute a hostage every time a home is bombed.", ThreatCategories.UnconventionalViolence)]
    [InlineData("We will shut down the strait if our exports are blocked.", ThreatCategories.BlockadeOccupation)]
    [InlineData("We will impose sanctions on any company that helps them evade the embargo.", ThreatCategories.SanctionsEconomic)]
    [InlineData("Any country that recognises the separatists will see its diplomatic relations with us severed.", ThreatCategories.SanctionsEconomic)]
    [InlineData("We will end all cooperation with the agency if the resolution is adopted.", ThreatCategories.HaltTalks)]
    [InlineData("The government will declare a state of emergency if the protests continue.", ThreatCategories.Repression)]
    [InlineData("This is our final warning.", ThreatCategories.Ultimatum)]
    [InlineData("Moscow would treat any Western troops deployed to Ukraine as legitimate targets.", ThreatCategories.MilitaryForce)]
    public void FlagsTheThreatWithItsCategoryFirst(string text, string category)
    {
        var analysis = Analyzer.Analyze(text);

        Assert.True(analysis.Threat, text);
        Assert.Equal(category, analysis.Categories[0]);
    }

    [Theory]
    [InlineData("We will continue to strengthen our defence capabilities to deter any aggression.")]
    [InlineData("The minister warned that the economy could shrink by 3% if oil prices keep falling.")]
    [InlineData("Our thoughts are with the families of those killed in yesterday's terrorist attack.")]
    [InlineData("Russia launched more than 100 missiles at Ukrainian cities overnight, the air force said.")]
    [InlineData("We are committed to a peaceful resolution and will continue talks with our neighbours.")]
    [InlineData("The army will help rebuild homes destroyed by the earthquake.")]
    [InlineData("We reject the accusations that we are preparing an attack on our neighbour.")]
    [InlineData("This budget will crush the hopes of ordinary families.")]
    [InlineData("Inflation will be crushed by the end of next year thanks to our reforms.")]
    [InlineData("We will respond to the proposal in due course after studying it carefully.")]
    [InlineData("He will be remembered as a hero who fought for his country.")]
    [InlineData("The two leaders agreed to deepen economic ties and expand trade.")]
    [InlineData("Forty years ago, our soldiers liberated this city from the occupiers.")]
    [InlineData("We are not planning any military operation against our neighbours.")]
    [InlineData("We hope that the negotiations will lead to a lasting peace.")]
    [InlineData("We will fight for every job in this region.")]
    [InlineData("If we do not act now, climate change will devastate our economy.")]
    [InlineData("This decision is a heavy blow to our farmers.")]
    [InlineData("We will act swiftly to help the victims of the fire.")]
    [InlineData("The new trade deal will eliminate tariffs on cars.")]
    [InlineData("Afghanistan has now turned into a graveyard for its own people.")]
    public void StaysQuiet(string text)
    {
        var analysis = Analyzer.Analyze(text);

        Assert.False(analysis.Threat, $"{text} -> {string.Join(", ", analysis.Evidence.Select(e => $"{e.Rule} on '{e.Text}'"))}");
    }
}
