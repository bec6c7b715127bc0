using System.Text.Json;
using System.Text.Json.Serialization;

namespace Deployer.Bot.ChatOps.Commands;

/// <summary>
/// The buttons of a failed verification's message (issue 15): <see cref="RollbackAction"/> and <see cref="KeepAction"/>,
/// each with the compact JSON value <c>{"service","stage","commit"}</c> that <see cref="Value"/> writes.
/// </summary>
internal sealed record VerificationButton(
    [property: JsonPropertyName("service")] string Service,
    [property: JsonPropertyName("stage")] string Stage,
    [property: JsonPropertyName("commit")] string? Commit)
{
    public const string RollbackAction = "verification-rollback";
    public const string KeepAction = "verification-keep";

    public static bool Handles(string? actionId) => actionId is RollbackAction or KeepAction;

    /// <summary>The button value for a service's stage and the commit that failed there.</summary>
    public string Value() => JsonSerializer.Serialize(this);

    /// <summary>The value a button carried, or null when it is not one of ours (missing, not JSON, no service or stage).</summary>
    public static VerificationButton? Parse(string? value)
    {
        if (value is not { Length: > 0 and <= 2000 })
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<VerificationButton>(value) is { Service.Length: > 0, Stage.Length: > 0 } button ? button : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
