using Deployer.Core.Manifests;

namespace Deployer.Core.Commands;

/// <summary>The parser's answers to mistakes: short, specific, with a "did you mean" where a near word exists.</summary>
public sealed partial class CommandParser
{
    /// <summary>The word that names the whole pipeline where a stage is expected (<c>hold router all …</c>).</summary>
    public const string WholePipeline = "all";

    private static readonly string[] VerbNames = [.. Enum.GetNames<CommandVerb>().Select(v => v.ToLowerInvariant())];

    private CommandParseResult UnknownVerb(string word)
    {
        if (Suggestions.Closest(word, VerbNames) is { } near && TryVerb(near, out var verb))
        {
            return CommandParseResult.Fail($"Unknown command `{word}`. Did you mean `{near}`?", CommandUsage.For(verb, _command));
        }

        return CommandParseResult.Fail(
            $"Unknown command `{word}`. Commands: {string.Join(", ", VerbNames.Select(v => $"`{v}`"))}.", CommandUsage.For(CommandVerb.Help, _command));
    }

    private CommandParseResult? FindService(CommandVerb verb, string name, out ServiceManifest? manifest)
    {
        manifest = _catalog.Find(name);
        if (manifest is not null)
        {
            return null;
        }

        var known = _catalog.All.Select(m => m.Service).Order(StringComparer.OrdinalIgnoreCase).ToList();
        if (known.Count == 0)
        {
            return Fail(verb, $"No service `{name}`: no manifests are loaded.");
        }

        return Fail(verb, Suggestions.Closest(name, known) is { } near
            ? $"No service `{name}`. Did you mean `{near}`?"
            : $"No service `{name}`. Known: {string.Join(", ", known)}.");
    }

    private CommandParseResult Fail(CommandVerb verb, string error) => CommandParseResult.Fail(error, CommandUsage.For(verb, _command));

    private static string UnknownStage(ServiceManifest manifest, string name, bool skipFirst)
    {
        var near = Suggestions.Closest(name, manifest.Stages.Skip(skipFirst ? 1 : 0).Select(s => s.Name));
        return $"{manifest.Service} has no stage `{name}`.{(near is null ? "" : $" Did you mean `{near}`?")} Its stages: {StageList(manifest, skipFirst: false)}.";
    }

    private static string StageList(ServiceManifest manifest, bool skipFirst) =>
        string.Join(", ", manifest.Stages.Skip(skipFirst ? 1 : 0).Select(s => $"`{s.Name}`"));
}
