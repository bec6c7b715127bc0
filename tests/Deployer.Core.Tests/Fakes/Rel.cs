using Deployer.Core.Releases;

namespace Deployer.Core.Tests.Fakes;

/// <summary>Short ways to write releases and commits in tests.</summary>
public static class Rel
{
    public const string A = "aaaaaaa1111111111111111111111111111111111";
    public const string B = "bbbbbbb2222222222222222222222222222222222";
    public const string C = "ccccccc3333333333333333333333333333333333";
    public const string D = "ddddddd4444444444444444444444444444444444";

    public static Release Of(string commit, DateTimeOffset createdAt, long version = 1, ReleaseStatus status = ReleaseStatus.Succeeded, string? branch = "main") =>
        new() { Id = $"r-{commit[..7]}-{version}", Commit = commit, CreatedAt = createdAt, Version = version, Status = status, Branch = branch };
}
