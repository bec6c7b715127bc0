using Deployer.Slack.Inbound;

namespace Deployer.Slack.WebApi;

/// <summary>Replies through a slash command's or interaction's <c>response_url</c> (5 uses within 30 minutes).</summary>
public interface ISlackResponseUrlClient
{
    /// <summary>Posts <paramref name="response"/>; the URL's clock starts at its first use.</summary>
    Task PostAsync(string responseUrl, SlackMessageResponse response, CancellationToken cancellationToken = default);

    /// <summary>Posts <paramref name="response"/>; the URL's 30 minutes count from <paramref name="issuedAt"/>.</summary>
    Task PostAsync(string responseUrl, SlackMessageResponse response, DateTimeOffset issuedAt, CancellationToken cancellationToken = default);
}
