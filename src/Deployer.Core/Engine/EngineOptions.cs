using System.ComponentModel.DataAnnotations;

namespace Deployer.Core.Engine;

/// <summary>Engine settings (section <c>Engine</c>).</summary>
public sealed class EngineOptions
{
    public const string Section = "Engine";

    /// <summary>Time between cycles.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00", ErrorMessage = "Engine:Interval must be between 50ms and 1 day")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many pipelines are evaluated at once.</summary>
    [Range(1, 1024, ErrorMessage = "Engine:MaxParallelism must be between 1 and 1024")]
    public int MaxParallelism { get; set; } = 32;

    /// <summary>How long one check that calls out may take before it counts as Unknown.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "Engine:CheckTimeout must be between 10ms and 10 minutes")]
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long reading one pipeline's snapshot may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "Engine:SnapshotTimeout must be between 10ms and 10 minutes")]
    public TimeSpan SnapshotTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one promotion may take before it counts as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "02:00:00", ErrorMessage = "Engine:PromotionTimeout must be between 1s and 2 hours")]
    public TimeSpan PromotionTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a pair may stay blocked by the same failing check on the same commit before its owners are mentioned (once).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00", ErrorMessage = "Engine:BlockedMentionAfter must be between 1s and 30 days")]
    public TimeSpan BlockedMentionAfter { get; set; } = TimeSpan.FromHours(2);
}
