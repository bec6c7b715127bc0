namespace Deployer.Integrations.Heroku;

// Wire shapes of the Heroku Platform API (only the fields we read).

internal sealed record HerokuRef(string? Id, string? Name = null);

internal sealed record HerokuApp(string Id, string Name);

internal sealed record HerokuRelease
{
    public required string Id { get; init; }
    public required long Version { get; init; }
    public required string Status { get; init; }
    public bool Current { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public HerokuRef? Slug { get; init; }
    public string? Description { get; init; }

    /// <summary>Set in pipeline latest-releases answers and webhook payloads: whose release this is.</summary>
    public HerokuRef? App { get; init; }
}

internal sealed record HerokuPipeline(string Id, string? Name);

internal sealed record HerokuSlug
{
    public required string Id { get; init; }
    public string? Commit { get; init; }
    public string? CommitDescription { get; init; }
}

internal sealed record HerokuPromotion
{
    public required string Id { get; init; }
    public string? Status { get; init; }
}

internal sealed record HerokuPromotionTarget
{
    public required HerokuRef App { get; init; }
    public required string Status { get; init; }
    public string? ErrorMessage { get; init; }
}

internal sealed record HerokuCoupling
{
    public required HerokuRef App { get; init; }
    public required string Stage { get; init; }
}

internal sealed record HerokuIdRef(string Id);

internal sealed record HerokuPromotionBody(HerokuIdRef Pipeline, HerokuAppRef Source, IReadOnlyList<HerokuAppRef> Targets);

internal sealed record HerokuAppRef(HerokuIdRef App);

/// <summary><c>POST /apps/{app}/releases</c>: roll back to the release with this id.</summary>
internal sealed record HerokuRollbackBody(string Release);
