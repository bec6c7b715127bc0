namespace Deployer.Slack.Signing;

/// <summary>Why an inbound request failed verification.</summary>
public enum SignatureFailure
{
    /// <summary>The request verified.</summary>
    None,

    /// <summary><c>X-Slack-Signature</c> is absent or empty.</summary>
    MissingSignature,

    /// <summary><c>X-Slack-Request-Timestamp</c> is absent or empty.</summary>
    MissingTimestamp,

    /// <summary>The timestamp is not a Unix time in seconds.</summary>
    BadTimestamp,

    /// <summary>The timestamp is too far from now: a possible replay.</summary>
    StaleTimestamp,

    /// <summary>The signature does not match the body and secret.</summary>
    BadSignature,
}
