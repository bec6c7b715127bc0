using Microsoft.Extensions.Options;

namespace Deployer.Slack;

/// <summary>Refuses a <see cref="SlackOptions"/> that cannot work, naming the configuration key.</summary>
internal sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        var failures = new List<string>();
        var section = SlackOptions.SectionName;
        if (options.ApiBaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{section}:{nameof(SlackOptions.ApiBaseUrl)} must be an absolute http(s) URL.");
        }

        if (string.IsNullOrWhiteSpace(options.BotToken))
        {
            failures.Add($"{section}:{nameof(SlackOptions.BotToken)} is required (xoxb-…).");
        }

        Positive(options.HttpTimeout, nameof(SlackOptions.HttpTimeout));
        Positive(options.TotalTimeout, nameof(SlackOptions.TotalTimeout));
        Positive(options.RequestTimestampTolerance, nameof(SlackOptions.RequestTimestampTolerance));
        Positive(options.DeduplicationWindow, nameof(SlackOptions.DeduplicationWindow));
        Positive(options.SocketModeHelloTimeout, nameof(SlackOptions.SocketModeHelloTimeout));
        if (options.SocketModeMinReconnectDelay < TimeSpan.Zero || options.SocketModeMaxReconnectDelay < options.SocketModeMinReconnectDelay)
        {
            failures.Add($"{section}:{nameof(SlackOptions.SocketModeMaxReconnectDelay)} must be at least {nameof(SlackOptions.SocketModeMinReconnectDelay)}, and both non-negative.");
        }

        if (options.MaxRetries is < 0 or > 10 || options.DeduplicationCapacity < 1 || options.PostMessageInterval < TimeSpan.Zero || options.MaxRetryAfter < TimeSpan.Zero)
        {
            failures.Add($"{section}:{nameof(SlackOptions.MaxRetries)} (0 to 10), {nameof(SlackOptions.DeduplicationCapacity)}, {nameof(SlackOptions.PostMessageInterval)} and {nameof(SlackOptions.MaxRetryAfter)} must not be negative (capacity at least 1).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(TimeSpan value, string key)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"{section}:{key} must be positive.");
            }
        }
    }
}
