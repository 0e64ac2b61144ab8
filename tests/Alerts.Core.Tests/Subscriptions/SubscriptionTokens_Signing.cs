using Alerts.Core.Subscriptions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Alerts.Core.Tests.Subscriptions;

public sealed class SubscriptionTokens_Signing
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    private SubscriptionTokens Tokens(string key = "a-signing-key-of-at-least-32-characters!!") =>
        new(Options.Create(new TokenOptions { SigningKey = key }), _time);

    [Fact]
    public void ReadsBackTheSubscriptionAndVersionOfAGenuineToken()
    {
        var token = Tokens().Create("confirm", "sub-abc", 17, TimeSpan.FromDays(7));

        var claims = Tokens().Read("confirm", token);

        Assert.Equal("sub-abc", claims?.SubscriptionId);
        Assert.Equal(17, claims?.Version);
        Assert.Equal("sub-abc", Tokens().Validate("confirm", token));
    }

    [Fact]
    public void RefusesATokenForAnotherPurpose() =>
        Assert.Null(Tokens().Read("unsubscribe", Tokens().Create("confirm", "sub-abc", 1, TimeSpan.FromDays(7))));

    [Fact]
    public void RefusesAnExpiredToken()
    {
        var token = Tokens().Create("confirm", "sub-abc", 1, TimeSpan.FromDays(7));
        _time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));
        Assert.Null(Tokens().Read("confirm", token));
    }

    [Fact]
    public void RefusesATokenSignedWithAnotherKey() =>
        Assert.Null(Tokens().Read("confirm", Tokens("another-signing-key-of-32-characters-or-more").Create("confirm", "sub-abc", 1, TimeSpan.FromDays(7))));

    [Theory]
    [InlineData("sub-abc", "sub-abd")]
    [InlineData(".1.", ".2.")]
    public void RefusesATamperedToken(string from, string to)
    {
        var token = Tokens().Create("confirm", "sub-abc", 1, TimeSpan.FromDays(7));
        var tampered = token.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(token, tampered);
        Assert.Null(Tokens().Read("confirm", tampered));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("confirm.sub.1.2")]
    [InlineData("confirm.sub.x.99999999999.sig")]
    public void RefusesMalformedTokens(string? token) => Assert.Null(Tokens().Read("confirm", token));
}
