namespace Deployer.Core.Promotions;

/// <summary>How a promotion intent ended. <see cref="Open"/> means the platform call may still be in flight.</summary>
public enum PromotionOutcome
{
    Open,
    Succeeded,
    Failed,
    Abandoned,
}
