namespace Alerts.Core.Sources;

public enum SourceKind
{
    /// <summary>RSS 0.9x/1.0/2.0 or Atom over HTTP(S).</summary>
    Feed,

    /// <summary>A feed document on the local disk (the seeds, tests).</summary>
    File,

    /// <summary>An X (Twitter) user's posts through API v2.</summary>
    XUser,
}

/// <summary>A place statements come from. <see cref="Location"/> is a URL, a file path or an X user id.</summary>
public sealed record SourceDefinition(
    string Id,
    string Name,
    SourceKind Kind,
    string Location,
    TimeSpan PollInterval,
    bool Enabled = true);
