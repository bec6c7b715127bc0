namespace Deployer.Integrations.Heroku;

/// <summary>How a webhook delivery was taken: refused (bad signature), malformed, ignored (duplicate, other app), or accepted.</summary>
public enum HerokuWebhookVerdict
{
    Refused,
    Malformed,
    Ignored,
    Accepted,
}
