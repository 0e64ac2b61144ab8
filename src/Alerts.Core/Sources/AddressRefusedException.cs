namespace Alerts.Core.Sources;

/// <summary>
/// The address guard refused a connection (<see cref="HttpFeedReader.CreateHandler"/>): a private address or a
/// port other than 80 and 443. Its own type so that the fetch retries can tell it from a transient failure.
/// </summary>
public sealed class AddressRefusedException(string message) : HttpRequestException(message)
{
    /// <summary>Whether <paramref name="exception"/> or one it wraps is the guard's refusal.</summary>
    public static bool IsIn(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is AddressRefusedException)
            {
                return true;
            }
        }

        return false;
    }
}
