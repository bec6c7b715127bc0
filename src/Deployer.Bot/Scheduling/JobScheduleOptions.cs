using System.ComponentModel.DataAnnotations;

namespace Deployer.Bot.Scheduling;

/// <summary>Timings of the bot's own jobs besides the cycle (section <c>Scheduling</c>; the cycle uses <c>Engine:Interval</c>).</summary>
public sealed class JobScheduleOptions
{
    public const string Section = "Scheduling";

    /// <summary>How often expired holds are lifted.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00", ErrorMessage = "Scheduling:HoldExpiryInterval must be between 50ms and 1 hour")]
    public TimeSpan HoldExpiryInterval { get; set; } = TimeSpan.FromSeconds(30);
}
