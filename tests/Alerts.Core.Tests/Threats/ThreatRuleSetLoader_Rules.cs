using Alerts.Core.Threats;
using Alerts.Local;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Tests.Threats;

public sealed class ThreatRuleSetLoader_Rules : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("threat-rules-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void EmbeddedRulesAreTheSeedFileOfTheRepository()
    {
        var embedded = ThreatRuleSetLoader.LoadEmbedded().Single();
        var seed = ThreatRuleSetLoader.LoadFile(Path.Combine(SharedFiles.RepositoryRoot, "seeds", "threat-rules", "en.json"));

        Assert.Equal("en", embedded.Language);
        Assert.Equal(seed.Version, embedded.Version);
        Assert.Equal(seed.Rules.Select(r => r.Id), embedded.Rules.Select(r => r.Id));
    }

    [Fact]
    public void EveryRuleCategoryIsOneOfTheTaxonomy()
    {
        var rules = ThreatRuleSetLoader.LoadEmbedded().Single().Rules;

        Assert.All(rules, r => Assert.Contains(r.Category, ThreatCategories.All));
        Assert.Equal(rules.Count, rules.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public void RulesFromAFileReplaceTheDefaultsAndSetTheVersion()
    {
        var path = WriteRules("en.json", version: "9.9.9", phrase: "purple elephant");
        var analyzer = ThreatAnalyzer.FromPath(path);

        Assert.Equal("en@9.9.9", analyzer.Version);
        var analysis = analyzer.Analyze("The purple elephant is coming for you.");
        Assert.True(analysis.Threat);
        Assert.Equal("custom.rule", Assert.Single(analysis.Evidence).Rule);
        Assert.False(analyzer.Analyze("They will pay a heavy price.").Threat);
    }

    [Fact]
    public void AFolderGivesOneRuleSetPerLanguage()
    {
        WriteRules("en.json", version: "1", phrase: "purple elephant");
        WriteRules("fr.json", version: "2", phrase: "riposte terrible", language: "fr");
        var analyzer = ThreatAnalyzer.FromPath(_folder);

        Assert.Equal("en@1+fr@2", analyzer.Version);
        var french = analyzer.Analyze("Nous le disons: la riposte terrible viendra pour eux et pour les autres.");
        Assert.Equal("fr", french.Language);
        Assert.True(french.Threat);
    }

    [Fact]
    public void ABrokenRulesFileFailsWithTheRuleAndTheProblem()
    {
        var path = WriteRules("en.json", version: "1", phrase: "x", category: "coup");

        var error = Assert.Throws<InvalidDataException>(() => ThreatAnalyzer.FromPath(path));
        Assert.Contains("custom.rule", error.Message, StringComparison.Ordinal);
        Assert.Contains("coup", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"rules\": []", "at least one rule")]
    [InlineData("\"rules\": [{ \"id\": \"a\", \"category\": \"military_force\", \"severity\": 0, \"phrases\": [\"x\"] }]", "severity")]
    [InlineData("\"rules\": [{ \"id\": \"a\", \"category\": \"military_force\", \"severity\": 5, \"phrases\": [] }]", "phrases")]
    [InlineData("\"rules\": [{ \"id\": \"a\", \"category\": \"military_force\", \"severity\": 5, \"phrases\": [\"x\"] }, { \"id\": \"a\", \"category\": \"military_force\", \"severity\": 5, \"phrases\": [\"y\"] }]", "repeated")]
    [InlineData("\"rules\": [{ \"id\": \"a\", \"category\": \"military_force\", \"severity\": 5, \"phrases\": [\"x\"], \"near\": { \"lexicon\": \"nowhere\" } }]", "nowhere")]
    public void RejectsRulesThatCannotWork(string rules, string problem)
    {
        var lexicons = string.Join(",", ThreatRuleSetLoader.RequiredLexicons.Select(l => $"\"{l}\": []"));
        var json = $"{{ \"language\": \"en\", \"version\": \"1\", \"settings\": {{}}, \"lexicons\": {{ {lexicons} }}, {rules} }}";

        var error = Assert.Throws<InvalidDataException>(() => ThreatRuleSetLoader.Parse(json));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingEngineLexiconIsNamed()
    {
        const string json = """{ "language": "en", "version": "1", "settings": {}, "lexicons": {}, "rules": [{ "id": "a", "category": "ultimatum", "severity": 5, "phrases": ["x"] }] }""";

        var error = Assert.Throws<InvalidDataException>(() => ThreatRuleSetLoader.Parse(json));
        Assert.Contains("lexicon 'negation' is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotJsonFailsNamingTheFile()
    {
        var path = Path.Combine(_folder, "en.json");
        File.WriteAllText(path, "{ not json");

        var error = Assert.Throws<InvalidDataException>(() => ThreatRuleSetLoader.LoadFile(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddThreatAnalysisRegistersOneSharedAnalyzerWithDefaultRules()
    {
        using var provider = new ServiceCollection()
            .AddThreatAnalysis(new ConfigurationBuilder().Build())
            .BuildServiceProvider();

        var first = provider.GetRequiredService<IThreatAnalyzer>();
        Assert.Same(first, provider.GetRequiredService<IThreatAnalyzer>());
        Assert.StartsWith("en@", first.Version, StringComparison.Ordinal);
    }

    [Fact]
    public void AddThreatAnalysisReadsTheRulesPathSetting()
    {
        var path = WriteRules("en.json", version: "7", phrase: "purple elephant");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Threats:RulesPath"] = path })
            .Build();
        using var provider = new ServiceCollection().AddThreatAnalysis(configuration).BuildServiceProvider();

        Assert.StartsWith("en@7+model@", provider.GetRequiredService<IThreatAnalyzer>().Version, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingRulesPathFailsValidationNamingTheSetting()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Threats:RulesPath"] = Path.Combine(_folder, "nope.json") })
            .Build();
        using var provider = new ServiceCollection().AddThreatAnalysis(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ThreatOptions>>().Value);
        Assert.Contains("Threats__RulesPath", error.Message, StringComparison.Ordinal);
    }

    private string WriteRules(string file, string version, string phrase, string language = "en", string category = "nonspecific_warning")
    {
        var lexicons = string.Join(",", ThreatRuleSetLoader.RequiredLexicons.Select(l => $"\"{l}\": []"));
        var json = $$"""
            {
              "language": "{{language}}",
              "version": "{{version}}",
              "settings": {},
              "lexicons": { {{lexicons}} },
              "rules": [ { "id": "custom.rule", "category": "{{category}}", "severity": 50, "phrases": ["{{phrase}}"] } ]
            }
            """;
        var path = Path.Combine(_folder, file);
        File.WriteAllText(path, json);
        return path;
    }
}
