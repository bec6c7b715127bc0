namespace Deployer.Integrations.World;

/// <summary>A clock that reads the world file's <c>now</c> when it has one, and <paramref name="fallback"/> otherwise.</summary>
public sealed class WorldTimeProvider(Func<WorldFile> world, TimeProvider fallback) : TimeProvider
{
    private readonly Func<WorldFile> _world = world ?? throw new ArgumentNullException(nameof(world));
    private readonly TimeProvider _fallback = fallback ?? throw new ArgumentNullException(nameof(fallback));

    public override DateTimeOffset GetUtcNow() => _world().Now?.ToUniversalTime() ?? _fallback.GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => _fallback.LocalTimeZone;
}
