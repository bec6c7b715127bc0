using System.Text.Json.Serialization;

namespace Deployer.Integrations.Heroku;

// The body of a Heroku app webhook delivery for the api:release entity.

internal sealed record HerokuWebhookDelivery
{
    public string? Id { get; init; }
    public string? Resource { get; init; }
    public string? Action { get; init; }
    public HerokuRelease? Data { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    public HerokuWebhookMetadata? WebhookMetadata { get; init; }
}

internal sealed record HerokuWebhookMetadata
{
    public HerokuRef? Delivery { get; init; }

    [JsonPropertyName("event")]
    public HerokuRef? Event { get; init; }
}
