using Deployer.Slack;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.ChatOps;

/// <summary>Fails start-up when the chosen mode lacks a token, naming the key and where it comes from.</summary>
internal sealed class SlackModeOptionsValidator(IOptions<SlackOptions> slack) : IValidateOptions<SlackModeOptions>
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

        var s = slack.Value;
        if (options.Mode is ChatMode.SocketMode or ChatMode.Http)
        {
            Require(failures, options.Mode, "BotToken", s.BotToken, "xoxb-");
        }

        if (options.Mode == ChatMode.SocketMode)
        {
            Require(failures, options.Mode, "AppToken", s.AppToken, "xapp-");
        }

        if (options.Mode == ChatMode.Http)
        {
            Require(failures, options.Mode, "SigningSecret", s.SigningSecret, null);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Require(List<string> failures, ChatMode mode, string key, string? value, string? prefix)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"Slack:{key} is required when Slack:Mode is {mode}; set the environment variable Slack__{key} (never commit it to appsettings.json)");
        }
        else if (prefix is not null && !value.StartsWith(prefix, StringComparison.Ordinal))
        {
            failures.Add($"Slack:{key} must start with {prefix}");
        }
    }
}
