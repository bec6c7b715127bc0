namespace Deployer.Integrations.Http;

/// <summary>What every HTTP integration can tune: the per-attempt timeout and the (modest) retry of safe requests.</summary>
public abstract class IntegrationHttpOptions
{
    /// <summary>How long one attempt may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of a GET after a timeout, connection failure or 5xx. POSTs are never retried.</summary>
    public int MaxRetries { get; set; } = 1;

    /// <summary>The pause before a retry.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The HttpClient's own timeout: a backstop for reading a body that stalls after its headers. It is well past the
    /// attempts and their retries, so on a busy machine a slow attempt is still reported by its own timeout.
    /// </summary>
    internal TimeSpan Budget => (Timeout * (MaxRetries + 2)) + (RetryDelay * MaxRetries) + TimeSpan.FromSeconds(10);
}
