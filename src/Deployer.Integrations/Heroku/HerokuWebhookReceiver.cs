using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;
using Deployer.Integrations.Http;
using Microsoft.Extensions.Options;

namespace Deployer.Integrations.Heroku;

/// <summary>
/// Takes Heroku app webhook deliveries (<c>api:release</c>): checks <c>Heroku-Webhook-Hmac-SHA256</c> (the base64
/// HMAC-SHA256 of the raw body keyed with <c>Heroku:WebhookSecret</c>, compared in constant time), drops re-sent
/// deliveries by their delivery id, and names the pipelines whose targets the release landed on. Does no I/O: the
/// caller answers Heroku at once and evaluates the pipelines after.
/// </summary>
public sealed class HerokuWebhookReceiver
{
    public const string SignatureHeader = "Heroku-Webhook-Hmac-SHA256";

    /// <summary>How long a delivery id is remembered (Heroku retries over about a day), and at most how many.</summary>
    private static readonly TimeSpan RememberFor = TimeSpan.FromHours(25);
    private const int MaxRemembered = 100_000;

    private readonly HerokuPlatform _platform;
    private readonly IManifestCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly byte[]? _secret;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, DateTimeOffset At)> _seenOrder = new();

    public HerokuWebhookReceiver(HerokuPlatform platform, IManifestCatalog catalog, IOptions<HerokuOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _platform = platform ?? throw new ArgumentNullException(nameof(platform));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _secret = string.IsNullOrEmpty(options.Value.WebhookSecret) ? null : Encoding.UTF8.GetBytes(options.Value.WebhookSecret);
    }

    /// <summary>Whether a secret is configured; without one every delivery is refused.</summary>
    public bool Enabled => _secret is not null;

    public HerokuWebhookOutcome Receive(ReadOnlySpan<byte> body, string? signature)
    {
        if (_secret is null)
        {
            return HerokuWebhookOutcome.Refused("Heroku:WebhookSecret is not set");
        }

        if (string.IsNullOrWhiteSpace(signature))
        {
            return HerokuWebhookOutcome.Refused($"no {SignatureHeader} header");
        }

        if (!Verify(_secret, body, signature))
        {
            return HerokuWebhookOutcome.Refused($"{SignatureHeader} does not match the body");
        }

        HerokuWebhookDelivery? delivery;
        try
        {
            delivery = JsonSerializer.Deserialize<HerokuWebhookDelivery>(body, IntegrationJson.SnakeCase);
        }
        catch (JsonException ex)
        {
            return HerokuWebhookOutcome.Malformed($"not a webhook delivery: {ex.Message}");
        }

        if (delivery?.WebhookMetadata?.Delivery?.Id is not { Length: > 0 } deliveryId)
        {
            return HerokuWebhookOutcome.Malformed("no webhook_metadata.delivery.id");
        }

        if (!string.Equals(delivery.Resource, "release", StringComparison.OrdinalIgnoreCase) || delivery.Data is not { } release)
        {
            return HerokuWebhookOutcome.Ignored($"resource '{delivery.Resource}' is not a release");
        }

        if (!FirstTime(deliveryId))
        {
            return HerokuWebhookOutcome.Ignored($"delivery {deliveryId} was seen before");
        }

        var announced = new List<(string, IAnnouncedRelease)>();
        foreach (var manifest in _catalog.All.Where(m => string.Equals(m.Platform.Kind, HerokuPlatform.PlatformKind, StringComparison.OrdinalIgnoreCase)))
        {
            if (manifest.Stages.SelectMany(s => s.Targets).FirstOrDefault(t => IsApp(t, release.App)) is { } target)
            {
                announced.Add((manifest.Service, _platform.Announce(target, release)));
            }
        }

        return announced.Count == 0
            ? HerokuWebhookOutcome.Ignored($"app {release.App?.Name ?? release.App?.Id ?? "?"} is no target of a known pipeline")
            : new HerokuWebhookOutcome(HerokuWebhookVerdict.Accepted, $"release v{release.Version} ({delivery.Action})", announced);
    }

    /// <summary>The signature Heroku sends for <paramref name="body"/> under <paramref name="secret"/> (base64 HMAC-SHA256).</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }

    private static bool Verify(byte[] secret, ReadOnlySpan<byte> body, string signature)
    {
        Span<byte> given = stackalloc byte[64];
        if (!Convert.TryFromBase64String(signature.Trim(), given, out var length) || length != HMACSHA256.HashSizeInBytes)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(secret, body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given[..length]);
    }

    private bool IsApp(string target, HerokuRef? app) =>
        app is not null
        && (string.Equals(target, app.Name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(target, app.Id, StringComparison.OrdinalIgnoreCase)
            || (app.Id is not null && string.Equals(_platform.KnownAppId(target), app.Id, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Remembers a delivery id; false when it was seen within <see cref="RememberFor"/>. Bounded in time and count.</summary>
    private bool FirstTime(string deliveryId)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            while (_seenOrder.Count > 0 && (_seenOrder.Count >= MaxRemembered || now - _seenOrder.Peek().At > RememberFor))
            {
                var (id, at) = _seenOrder.Dequeue();
                if (_seen.TryGetValue(id, out var stored) && stored == at)
                {
                    _seen.Remove(id);
                }
            }

            if (_seen.ContainsKey(deliveryId))
            {
                return false;
            }

            _seen[deliveryId] = now;
            _seenOrder.Enqueue((deliveryId, now));
            return true;
        }
    }
}
