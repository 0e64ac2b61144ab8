using Alerts.Core.Configuration;

namespace Alerts.Core.Storage;

/// <summary>Puts JSON messages on the pipeline queues, and unreadable ones on their poison queue.</summary>
public sealed class QueueWriter(StorageClients clients)
{
    public async Task SendAsync<T>(string queue, T message, CancellationToken cancellationToken)
    {
        await clients.Queue(queue).SendMessageAsync(QueueMessageJson.Serialize(message), cancellationToken);
    }

    /// <summary>
    /// Moves a message to <c>queue-poison</c> as it came, so that it can be replayed after a fix.
    /// The queue trigger would only do this after five failed runs; an unreadable message will never read better.
    /// </summary>
    public async Task SendToPoisonAsync(string queue, string originalText, CancellationToken cancellationToken)
    {
        var text = originalText.Length > QueueMessageJson.MaxMessageChars ? originalText[..QueueMessageJson.MaxMessageChars] : originalText;
        await clients.Queue(AlertsNames.Queues.PoisonOf(queue)).SendMessageAsync(text, cancellationToken);
    }
}
