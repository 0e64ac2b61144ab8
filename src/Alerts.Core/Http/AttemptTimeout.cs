namespace Alerts.Core.Http;

/// <summary>
/// One attempt's timeout inside a resilience pipeline, in real time: the retry waits follow the injected clock,
/// this must not (a test clock that fires at once would time out every attempt). The client's own timeout would
/// cut all attempts short together, so each client that retries times its attempts here instead.
/// </summary>
public sealed class AttemptTimeout(TimeSpan timeout, string timeoutMessage) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        try
        {
            return await base.SendAsync(request, attempt.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(timeoutMessage, ex);
        }
    }
}
