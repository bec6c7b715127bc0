using System.ComponentModel.DataAnnotations;

namespace Deployer.Bot.Dashboard;

/// <summary>The <c>Dashboard</c> section: the optional access token and the board's page size.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>When set, the pages and <c>/events</c> need it (<c>?token=</c> once, then a cookie; or <c>Authorization: Bearer</c>). From the environment only.</summary>
    public string? Token { get; set; }

    /// <summary>Pipelines per board page.</summary>
    [Range(10, 1000)]
    public int PageSize { get; set; } = 50;
}
