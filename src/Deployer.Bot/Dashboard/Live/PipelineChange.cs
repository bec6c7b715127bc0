namespace Deployer.Bot.Dashboard.Live;

/// <summary>Something a page showing <see cref="Service"/> must redraw: a pair's decision, a hold or a force request changed.</summary>
/// <param name="Kind"><c>pair</c>, <c>hold</c> or <c>force</c>.</param>
/// <param name="Service">The pipeline it concerns.</param>
/// <param name="Subject">The pair (<c>staging→production</c>), the held scope, or the request id.</param>
public sealed record PipelineChange(string Kind, string Service, string Subject)
{
    public const string Pair = "pair";
    public const string Hold = "hold";
    public const string Force = "force";

    /// <summary>Assigned by <see cref="ChangeBroadcaster.Publish"/>: 1, 2, 3… since start (the event's SSE id).</summary>
    public long Sequence { get; init; }
}
