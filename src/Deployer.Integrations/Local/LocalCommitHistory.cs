using System.Security.Cryptography;
using System.Text;
using Deployer.Core.Releases;

namespace Deployer.Integrations.Local;

/// <summary>
/// Invents the commits that led to a simulated release: one to four, the last being the release's own, each with a
/// message and an author. Derived from the release's sha alone (no random draws), so a seeded simulator lands the
/// same releases with or without a history.
/// </summary>
internal static class LocalCommitHistory
{
    private static readonly string[] Titles =
    [
        "Fix checkout rounding", "Bump dependencies", "Add retry to payment webhook", "Tidy logging in the router",
        "Cache tenant settings", "Speed up the search index rebuild", "Handle empty carts", "Translate error pages",
        "Raise the connection pool size", "Remove the old feature flag", "Validate coupon codes", "Log slow queries",
        "Paginate the orders API", "Fix time zone of invoices", "Add health endpoint details", "Retry flaky uploads",
    ];

    private static readonly string[] Authors = ["ana", "bo", "chen", "dara", "eli", "femi"];

    /// <summary>Records the release's commit and the invented commits between <paramref name="parent"/> and it.</summary>
    public static void Record(LiteDB.ILiteCollection<LocalCommitDocument> commits, string service, Release release, string? parent, bool testsPass, DateTimeOffset testsDoneAt)
    {
        parent = parent?.ToLowerInvariant();
        var history = LocalCommitHistory.Invent(release.Commit);
        for (var i = 0; i < history.Count; i++)
        {
            var (sha, title, author) = history[i];
            var own = i == history.Count - 1;
            commits.Upsert(new LocalCommitDocument
            {
                Id = sha.ToLowerInvariant(),
                ShortCommit = sha[..Math.Min(7, sha.Length)].ToLowerInvariant(),
                Service = service,
                Branch = release.Branch,
                // The commits before the release's own are a tick older each, so the newest is always the release's.
                CreatedAtTicks = release.CreatedAt.UtcTicks - (history.Count - 1 - i),
                TestsPass = own ? testsPass : true,
                TestsDoneAtTicks = testsDoneAt.UtcTicks,
                Title = title,
                Author = author,
                Parent = parent,
            });
            parent = sha.ToLowerInvariant();
        }
    }

    /// <summary>The commits of <paramref name="releaseCommit"/>, oldest first: (sha, title, author).</summary>
    public static IReadOnlyList<(string Sha, string Title, string Author)> Invent(string releaseCommit)
    {
        var count = 1 + (Hash(releaseCommit)[0] % 4);
        var commits = new List<(string, string, string)>(count);
        for (var i = count - 1; i >= 1; i--)
        {
            commits.Add(Describe(Convert.ToHexStringLower(Hash($"{releaseCommit}:{i}"))[..40]));
        }

        commits.Add(Describe(releaseCommit));
        return commits;
    }

    private static (string, string, string) Describe(string sha)
    {
        var hash = Hash(sha);
        return (sha, Titles[hash[1] % Titles.Length], Authors[hash[2] % Authors.Length]);
    }

    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text.ToLowerInvariant()));
}
