namespace Deployer.Slack.WebApi;

/// <summary>The parts of a <c>usergroups.list</c> user group the app cares about.</summary>
/// <param name="Id">The group id, <c>S…</c>.</param>
/// <param name="Handle">What people type after <c>@</c> to mention the group, without the <c>@</c>.</param>
/// <param name="Name">The friendly name.</param>
public sealed record SlackUserGroup(string Id, string Handle, string Name);
