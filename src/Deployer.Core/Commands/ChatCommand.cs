using Deployer.Core.Manifests;

namespace Deployer.Core.Commands;

/// <summary>A parsed, validated chat command. Only the fields its verb uses are set.</summary>
public sealed record ChatCommand(CommandVerb Verb)
{
    /// <summary>The service the command is about, already found in the catalog.</summary>
    public ServiceManifest? Manifest { get; init; }

    /// <summary>A stage of <see cref="Manifest"/> (its real name, whatever case the user typed).</summary>
    public string? Stage { get; init; }

    /// <summary><c>hold … for 2h</c>.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Free text: why a hold, force or rejection.</summary>
    public string? Reason { get; init; }

    /// <summary>A force-promote request id for approve/reject.</summary>
    public string? RequestId { get; init; }

    /// <summary>How many history entries.</summary>
    public int Count { get; init; }

    /// <summary>For <c>help &lt;verb&gt;</c>.</summary>
    public CommandVerb? Topic { get; init; }

    public string? Service => Manifest?.Service;
}
