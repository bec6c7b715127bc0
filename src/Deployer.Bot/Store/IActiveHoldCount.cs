namespace Deployer.Bot.Store;

/// <summary>How many holds are active now, for the open-holds gauge (read synchronously by the metrics callback).</summary>
public interface IActiveHoldCount
{
    int CountActive(DateTimeOffset now);
}
