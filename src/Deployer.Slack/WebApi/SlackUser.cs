namespace Deployer.Slack.WebApi;

/// <summary>The parts of a <c>users.info</c> user the app cares about.</summary>
public sealed record SlackUser(string Id, string Name)
{
    /// <summary>Workspace id.</summary>
    public string? TeamId { get; init; }

    /// <summary>Full name from the profile.</summary>
    public string? RealName { get; init; }

    /// <summary>Display name from the profile (may be empty).</summary>
    public string? DisplayName { get; init; }

    /// <summary>Email, when the token has <c>users:read.email</c>.</summary>
    public string? Email { get; init; }

    /// <summary>True for bots and apps.</summary>
    public bool IsBot { get; init; }

    /// <summary>True for deactivated accounts.</summary>
    public bool Deleted { get; init; }
}
