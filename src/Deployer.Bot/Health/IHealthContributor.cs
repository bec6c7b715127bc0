namespace Deployer.Bot.Health;

/// <summary>
/// One component's part of <c>/healthz</c>. Register more with <c>services.AddSingleton&lt;IHealthContributor, T&gt;()</c>;
/// a check must be cheap (the whole probe answers within 50 ms): read state kept by the component, never call out.
/// </summary>
public interface IHealthContributor
{
    /// <summary>The component's name in the response, e.g. <c>store</c>, <c>slack</c>.</summary>
    string Name { get; }

    ValueTask<ComponentHealth> CheckAsync(CancellationToken cancellationToken);
}
