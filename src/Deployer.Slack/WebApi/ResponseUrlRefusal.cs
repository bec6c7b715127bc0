namespace Deployer.Slack.WebApi;

/// <summary>Why a response_url may no longer be used.</summary>
public enum ResponseUrlRefusal
{
    /// <summary>It was already used the 5 times Slack allows.</summary>
    UsesExhausted,

    /// <summary>More than 30 minutes passed since it was issued.</summary>
    Expired,
}
