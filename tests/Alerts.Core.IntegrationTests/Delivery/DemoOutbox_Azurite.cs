using Alerts.Cli;
using Alerts.Cli.Commands;
using Alerts.Local;
using MimeKit;

namespace Alerts.Core.IntegrationTests.Delivery;

/// <summary>The demo's outbox emails are what a subscriber would receive: both bodies and the RFC 8058 headers.</summary>
[Collection(AzuriteSuite.Name)]
public sealed class DemoOutbox_Azurite(AzuriteFixture azurite) : IDisposable
{
    private readonly string _outbox = Path.Combine(Path.GetTempPath(), "alerts-outbox-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task WritesEmailsWithHtmlAndTextBodiesAndUnsubscribeHeaders()
    {
        using var output = new StringWriter();
        var code = await DemoCommand.RunCycleAsync(RepositoryRoot.Find(), azurite.ConnectionString, _outbox, new CliConsole(TextReader.Null, output, output), TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        var files = Directory.GetFiles(_outbox, "*.eml");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var message = await MimeMessage.LoadAsync(file, TestContext.Current.CancellationToken);
            Assert.False(string.IsNullOrWhiteSpace(message.TextBody), $"{file} has no text body");
            Assert.False(string.IsNullOrWhiteSpace(message.HtmlBody), $"{file} has no HTML body");
            Assert.Equal("multipart/alternative", message.Body?.ContentType.MimeType);
            Assert.Matches("^<https?://[^>]+/api/unsubscribe\\?token=[^>]+>$", message.Headers["List-Unsubscribe"]);
            Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
            Assert.Contains("<mark", message.HtmlBody ?? "", StringComparison.Ordinal);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_outbox))
        {
            Directory.Delete(_outbox, recursive: true);
        }
    }
}
