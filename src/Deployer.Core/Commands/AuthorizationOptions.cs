using System.ComponentModel.DataAnnotations;

namespace Deployer.Core.Commands;

/// <summary>Who may do what (section <c>Authorization</c>). Entries are Slack user ids (<c>U012AB3CD</c>) or user groups by handle (<c>@release-managers</c>) or id (<c>@S0614TZR7</c>).</summary>
public sealed class AuthorizationOptions
{
    public const string Section = "Authorization";

    /// <summary>May hold and resume any service.</summary>
    public List<string> Operators { get; set; } = [];

    /// <summary>May request a force-promote.</summary>
    public List<string> ForcePromoters { get; set; } = [];

    /// <summary>May approve or reject a force-promote.</summary>
    public List<string> Approvers { get; set; } = [];

    /// <summary>Distinct approvers a force-promote needs; the requester never counts.</summary>
    [Range(1, 10, ErrorMessage = "Authorization:RequiredApprovals must be between 1 and 10")]
    public int RequiredApprovals { get; set; } = 1;

    /// <summary>How long a force-promote request waits for approvals; the host accepts <c>30m</c> as well as <c>00:30:00</c>.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "Authorization:ApprovalTimeout must be between 1 minute and 7 days")]
    public TimeSpan ApprovalTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>While the service has an open incident, a force-promoter's request proceeds without approvals (marked break-glass).</summary>
    public bool BreakGlassDuringIncident { get; set; } = true;
}
