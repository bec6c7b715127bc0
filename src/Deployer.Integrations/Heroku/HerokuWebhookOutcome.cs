using Deployer.Core.Ports;

namespace Deployer.Integrations.Heroku;

/// <summary>What became of one webhook delivery.</summary>
public sealed record HerokuWebhookOutcome(HerokuWebhookVerdict Verdict, string Reason, IReadOnlyList<(string Service, IAnnouncedRelease Release)> Announced)
{
    public static HerokuWebhookOutcome Refused(string reason) => new(HerokuWebhookVerdict.Refused, reason, []);

    public static HerokuWebhookOutcome Malformed(string reason) => new(HerokuWebhookVerdict.Malformed, reason, []);

    public static HerokuWebhookOutcome Ignored(string reason) => new(HerokuWebhookVerdict.Ignored, reason, []);
}
