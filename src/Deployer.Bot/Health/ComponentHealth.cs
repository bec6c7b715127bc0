using System.Text.Json.Serialization;

namespace Deployer.Bot.Health;

/// <summary>One component: <c>healthy</c>, <c>degraded</c> (works, needs a look: 200) or <c>unhealthy</c> (503), with a detail.</summary>
public sealed record ComponentHealth(string Status, string Detail)
{
    public const string HealthyStatus = "healthy";
    public const string DegradedStatus = "degraded";
    public const string UnhealthyStatus = "unhealthy";

    public static ComponentHealth Healthy(string detail) => new(HealthyStatus, detail);

    public static ComponentHealth Degraded(string detail) => new(DegradedStatus, detail);

    public static ComponentHealth Unhealthy(string detail) => new(UnhealthyStatus, detail);

    /// <summary>0 healthy, 1 degraded, 2 unhealthy: the worst component decides the whole.</summary>
    [JsonIgnore]
    public int Severity => Status switch
    {
        HealthyStatus => 0,
        DegradedStatus => 1,
        _ => 2,
    };
}
