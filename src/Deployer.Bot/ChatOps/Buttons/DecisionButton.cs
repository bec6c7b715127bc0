using System.Text.Json;
using System.Text.Json.Serialization;
using Deployer.Core.Decisions;
using Deployer.Core.Releases;

namespace Deployer.Bot.ChatOps.Buttons;

/// <summary>
/// What a decision message's button carries (issue 16): the pair, and the commit and decision kind the message was
/// rendered for, as compact JSON <c>{"service","from","to","commit","kind"}</c>. The commit and kind tell a click on a
/// message that is no longer current from one that is.
/// </summary>
internal sealed record DecisionButton(
    [property: JsonPropertyName("service")] string Service,
    [property: JsonPropertyName("from")] string From,
    [property: JsonPropertyName("to")] string To,
    [property: JsonPropertyName("commit")] string? Commit,
    [property: JsonPropertyName("kind")] DecisionKind Kind)
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    [JsonIgnore]
    public string PairKey => PairDecision.KeyFor(Service, From, To);

    public static DecisionButton For(PairDecision decision) => new(decision.Service, decision.From, decision.To, decision.Commit, decision.Kind);

    /// <summary>The button value; Slack allows 2000 characters, which names and a 40-character sha never approach.</summary>
    public string Value() => JsonSerializer.Serialize(this, Json);

    /// <summary>True when <paramref name="current"/> is still the decision this button was rendered for (same kind, same commit).</summary>
    public bool Matches(PairDecision? current) =>
        current is not null && current.Kind == Kind
        && (Commit is null ? current.Commit is null : current.Commit is { } c && Release.CommitsMatch(c, Commit));

    /// <summary>The value a button carried, or null when it is not one of ours (missing, too long, not JSON, no pair).</summary>
    public static DecisionButton? Parse(string? value)
    {
        if (value is not { Length: > 0 and <= 2000 })
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<DecisionButton>(value, Json) is { Service.Length: > 0, From.Length: > 0, To.Length: > 0 } button ? button : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
