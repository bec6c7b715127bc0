namespace Deployer.Slack.Signing;

/// <summary>The outcome of verifying one inbound request.</summary>
public readonly record struct SignatureVerificationResult(SignatureFailure Failure)
{
    /// <summary>True when the request is authentic and fresh.</summary>
    public bool IsValid => Failure == SignatureFailure.None;

    /// <summary>A verified request.</summary>
    public static SignatureVerificationResult Valid { get; } = new(SignatureFailure.None);
}
