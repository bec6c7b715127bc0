namespace Deployer.Core.Events;

/// <summary>One problem of a refused manifest edit: the JSON path and what is wrong there.</summary>
public sealed record ManifestProblem(string Path, string Message);
