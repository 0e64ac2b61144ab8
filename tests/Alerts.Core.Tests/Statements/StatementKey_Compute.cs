using Alerts.Core.Statements;

namespace Alerts.Core.Tests.Statements;

public sealed class StatementKey_Compute
{
    [Fact]
    public void TheSameWordsWithOtherQuotesCaseSpacingAndAccentsAreOneStatement()
    {
        var a = StatementKey.Compute("asif", "Pakistan’s response would be “crushing.”");
        var b = StatementKey.Compute("asif", "  pakistan's RESPONSE would be \"crushing\"  ");

        Assert.Equal(a, b);
        Assert.Equal(StatementKey.Normalize("Café déjà vu"), StatementKey.Normalize("cafe deja VU"));
    }

    [Fact]
    public void TheSameWordsByAnotherOfficialAreAnotherStatement()
    {
        Assert.NotEqual(StatementKey.Compute("asif", "We will respond."), StatementKey.Compute("other", "We will respond."));
    }

    [Fact]
    public void KeysAreValidTableKeys()
    {
        Assert.True(Alerts.Core.Storage.TableKeys.IsValid(StatementKey.Compute("a/b#c?", "text with / and # and ?")));
    }
}
