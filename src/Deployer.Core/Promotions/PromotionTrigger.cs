namespace Deployer.Core.Promotions;

/// <summary>Why a promotion ran.</summary>
public enum PromotionTrigger
{
    Automatic,
    Forced,
    BreakGlass,
}
