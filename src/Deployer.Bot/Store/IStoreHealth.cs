namespace Deployer.Bot.Store;

/// <summary>Whether the store answers, for <c>/healthz</c>: healthy plus a one-line detail.</summary>
public interface IStoreHealth
{
    Task<(bool Healthy, string Detail)> CheckAsync(CancellationToken cancellationToken);
}
