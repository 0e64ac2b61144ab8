using Alerts.Core.Subscriptions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Alerts.Core.Tests.Subscriptions;

public sealed class SubscriptionTokens_Signing
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    private const string OldKey = "the-key-before-rotation-32-characters-long";
    private const string NewKey = "the-key-after-rotation-is-also-32-characters";

    private SubscriptionTokens Tokens(string key = "a-signing-key-of-at-least-32-characters!!", string? previous = null) =>
        new(Options.Create(new TokenOptions { SigningKey = key, PreviousKeys = previous }), _time);

    [Fact]
    public void KeepsLinksSignedWithAPreviousKeyWorkingAfterRotationAndSignsNewOnesWithTheCurrentKey()
    {
        var before = Tokens(OldKey).Create("unsubscribe", "s-abc", 3, TimeSpan.FromDays(60));
        var rotated = Tokens(NewKey, previous: OldKey);

        var after = rotated.Create("unsubscribe", "s-abc", 3, TimeSpan.FromDays(60));

        Assert.Equal("s-abc", rotated.Read("unsubscribe", before)?.SubscriptionId);
        Assert.Contains("." + TokenOptions.KeyId(OldKey) + ".", before, StringComparison.Ordinal);
        Assert.Contains("." + TokenOptions.KeyId(NewKey) + ".", after, StringComparison.Ordinal);
        Assert.Null(Tokens(OldKey).Read("unsubscribe", after));
        Assert.Null(Tokens(NewKey).Read("unsubscribe", before));
    }

    [Fact]
    public void RefusesATokenWhoseKeyIdNamesAnotherListedKey()
    {
        var token = Tokens(OldKey).Create("preferences", "s-abc", 3, TimeSpan.FromDays(60));
        var relabelled = token.Replace(TokenOptions.KeyId(OldKey), TokenOptions.KeyId(NewKey), StringComparison.Ordinal);

        Assert.Null(Tokens(NewKey, previous: OldKey).Read("preferences", relabelled));
    }

    [Fact]
    public void StillReadsTokensIssuedBeforeKeyIdsAsEpochZero()
    {
        // purpose.subscriptionId.version.expiry.signature, signed over the first four parts: the format of links already sent.
        var payload = $"unsubscribe.sub-abc.5.{_time.GetUtcNow().AddDays(30).ToUnixTimeSeconds()}";
        var mac = System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(OldKey), System.Text.Encoding.UTF8.GetBytes(payload));
        var legacy = payload + "." + Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var claims = Tokens(NewKey, previous: OldKey).Read("unsubscribe", legacy);

        Assert.Equal(("sub-abc", 5, 0), (claims?.SubscriptionId, claims?.Version, claims?.Epoch));
        Assert.Null(Tokens(NewKey).Read("unsubscribe", legacy));
    }

    [Fact]
    public void CarriesTheLinkEpochAndRefusesAnEditedOne()
    {
        var token = Tokens().Create("preferences", "s-abc", 3, TimeSpan.FromDays(60), epoch: 4);

        Assert.Equal(4, Tokens().Read("preferences", token)?.Epoch);
        Assert.Null(Tokens().Read("preferences", token.Replace(".3.4.", ".3.5.", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("a-signing-key-of-at-least-32-characters!!")]
    public void RefusesAtStartUpAPreviousKeyThatIsShortOrRepeatsTheCurrentOne(string previous)
    {
        var options = new TokenOptions { SigningKey = "a-signing-key-of-at-least-32-characters!!", PreviousKeys = $"{OldKey}, {previous}" };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        var valid = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);

        Assert.False(valid);
        Assert.Contains(results, r => r.ErrorMessage!.Contains("Tokens__PreviousKeys", StringComparison.Ordinal));
    }

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
