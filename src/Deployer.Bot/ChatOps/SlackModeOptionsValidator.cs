using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.ChatOps;

/// <summary>Fails start-up when the chosen mode lacks a token, naming the key and where it comes from.</summary>
/// <remarks>
/// Tokens are read from configuration rather than from <c>IOptions&lt;SlackOptions&gt;</c>: that one's own validation
/// would throw at the first missing token and hide every other problem.
/// </remarks>
internal sealed class SlackModeOptionsValidator(IConfiguration configuration) : IValidateOptions<SlackModeOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackModeOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Mode))
        {
            failures.Add($"Slack:Mode must be one of {string.Join(", ", Enum.GetNames<ChatMode>())}");
        }

        if (string.IsNullOrWhiteSpace(options.Command) || !options.Command.StartsWith('/'))
        {
            failures.Add("Slack:Command must start with '/' (e.g. /deployer)");
        }

        if (options.Mode is ChatMode.SocketMode or ChatMode.Http)
        {
            Require(failures, options.Mode, "BotToken", "xoxb-");
        }

        if (options.Mode == ChatMode.SocketMode)
        {
            Require(failures, options.Mode, "AppToken", "xapp-");
        }

        if (options.Mode == ChatMode.Http)
        {
            Require(failures, options.Mode, "SigningSecret", null);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void Require(List<string> failures, ChatMode mode, string key, string? prefix)
    {
        var value = configuration[$"{SlackModeOptions.Section}:{key}"];
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"Slack:{key} (Slack__{key}) is required in {mode} mode: set that environment variable (never commit it to appsettings.json)");
        }
        else if (prefix is not null && !value.StartsWith(prefix, StringComparison.Ordinal))
        {
            failures.Add($"Slack:{key} (Slack__{key}) must start with {prefix}");
        }
    }
}
