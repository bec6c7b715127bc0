namespace Deployer.Slack.WebApi;

/// <summary>Where a posted message lives: its channel id and timestamp (the message id).</summary>
public readonly record struct SlackMessageRef(string Channel, string Ts);
