namespace Deployer.Slack;

/// <summary>Base of every failure this library reports about Slack.</summary>
public abstract class SlackException : Exception
{
    protected SlackException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
