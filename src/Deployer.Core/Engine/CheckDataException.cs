namespace Deployer.Core.Engine;

/// <summary>A check's data cannot be had; the check is <c>Unknown</c> with this message.</summary>
public sealed class CheckDataException(string message, Exception? inner = null) : Exception(message, inner);
