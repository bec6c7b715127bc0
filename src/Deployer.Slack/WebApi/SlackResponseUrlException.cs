namespace Deployer.Slack.WebApi;

/// <summary>A response_url was refused: used too often or too late. Reply through the Web API instead.</summary>
public sealed class SlackResponseUrlException : SlackException
{
    public SlackResponseUrlException(ResponseUrlRefusal reason)
        : base(reason == ResponseUrlRefusal.Expired
            ? "The response_url expired (valid 30 minutes after it was issued)."
            : "The response_url was already used the 5 times Slack allows.")
    {
        Reason = reason;
    }

    /// <summary>Why the URL was refused.</summary>
    public ResponseUrlRefusal Reason { get; }
}
