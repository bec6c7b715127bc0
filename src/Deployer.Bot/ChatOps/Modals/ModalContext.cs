using System.Text.Json;
using System.Text.Json.Serialization;
using Deployer.Bot.ChatOps.Buttons;
using Deployer.Core.Decisions;

namespace Deployer.Bot.ChatOps.Modals;

/// <summary>
/// A modal's <c>private_metadata</c>: the pair and the commit/kind of the message whose button opened it (or the force
/// request a Reject… is about), and the channel and message, so the submission can answer the presser there.
/// </summary>
internal sealed record ModalContext
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    [JsonPropertyName("service")] public string? Service { get; init; }
    [JsonPropertyName("from")] public string? From { get; init; }
    [JsonPropertyName("to")] public string? To { get; init; }
    [JsonPropertyName("commit")] public string? Commit { get; init; }
    [JsonPropertyName("kind")] public DecisionKind? Kind { get; init; }
    [JsonPropertyName("request")] public string? RequestId { get; init; }
    [JsonPropertyName("channel")] public string? Channel { get; init; }
    [JsonPropertyName("ts")] public string? MessageTs { get; init; }

    public static ModalContext For(DecisionButton button, DecisionClick click) => new()
    {
        Service = button.Service,
        From = button.From,
        To = button.To,
        Commit = button.Commit,
        Kind = button.Kind,
        Channel = click.ChannelId,
        MessageTs = click.MessageTs,
    };

    /// <summary>The button this context came from, when it names a pair.</summary>
    [JsonIgnore]
    public DecisionButton? Button => Service is { Length: > 0 } s && From is { Length: > 0 } f && To is { Length: > 0 } t && Kind is { } k
        ? new DecisionButton(s, f, t, Commit, k)
        : null;

    public string Write() => JsonSerializer.Serialize(this, Json);

    /// <summary>The context a submission carried back, or null when it is missing or not ours.</summary>
    public static ModalContext? Parse(string? metadata)
    {
        if (metadata is not { Length: > 0 and <= 3000 })
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ModalContext>(metadata, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
