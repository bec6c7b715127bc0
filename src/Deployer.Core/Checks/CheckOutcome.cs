namespace Deployer.Core.Checks;

/// <summary>A check's verdict. <see cref="Unknown"/> blocks: the engine fails closed.</summary>
public enum CheckOutcome
{
    Pass,
    Fail,
    Unknown,
}
