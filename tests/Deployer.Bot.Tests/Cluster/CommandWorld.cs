using System.Globalization;
using Deployer.Bot.Tests.Support;

namespace Deployer.Bot.Tests.Cluster;

/// <summary>
/// A platform every node shares: the <c>command</c> platform over shell scripts in a temp folder. Each target's release
/// is a JSON file; every promote call appends "target commit" to <c>calls.log</c> (one short append: atomic), takes a
/// moment, then writes the target's file, so a node killed mid-call leaves the call to finish as a real platform would.
/// </summary>
internal sealed class CommandWorld : IDisposable
{
    private readonly TempDir _dir = new();

    public CommandWorld(int pipelines)
    {
        Services = Enumerable.Range(1, pipelines).Select(i => $"svc{i:D2}").ToList();
        Directory.CreateDirectory(_dir.File("state"));
        foreach (var service in Services)
        {
            _dir.Write($"manifests/{service}.json", $$"""
                {
                  "service": "{{service}}",
                  "platform": { "kind": "command", "current": "cat ../state/$DEPLOYER_TARGET.json", "promote": "sh ../promote.sh", "timeout": "30s" },
                  "slack": { "channel": "{{Channel(service)}}" },
                  "stages": [
                    { "name": "staging", "targets": ["{{service}}-staging"] },
                    { "name": "production", "targets": ["{{service}}-production"] }
                  ]
                }
                """);
            SetRelease($"{service}-staging", service, 0);
            SetRelease($"{service}-production", service, 0);
        }

        _dir.Write("promote.sh", """
            echo "$DEPLOYER_TARGET $DEPLOYER_COMMIT" >> ../calls.log
            sleep 0.2
            printf '{"version": %s, "commit": "%s", "branch": "main", "createdAt": "2026-01-01T00:00:00Z"}' "$DEPLOYER_VERSION" "$DEPLOYER_COMMIT" > "../state/$DEPLOYER_TARGET.json.tmp"
            mv "../state/$DEPLOYER_TARGET.json.tmp" "../state/$DEPLOYER_TARGET.json"
            """);
        _dir.Write("calls.log", "");
    }

    public string Root => _dir.Path;
    public IReadOnlyList<string> Services { get; }

    /// <summary>The service's Slack channel id.</summary>
    public static string Channel(string service) => $"C0{service.ToUpperInvariant()}";

    public static string Commit(string service, int round) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes($"{service}:{round}")));

    /// <summary>Replaces the target's release file at once (write, then rename), so a node reading it never sees it half written.</summary>
    public void SetRelease(string target, string service, int round)
    {
        var path = _dir.File($"state/{target}.json");
        File.WriteAllText(path + ".tmp", string.Create(CultureInfo.InvariantCulture,
            $$"""{"version": {{round + 1}}, "commit": "{{Commit(service, round)}}", "branch": "main", "createdAt": "2026-01-01T00:00:00Z"}"""));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public bool Runs(string target, string commit) =>
        File.ReadAllText(_dir.File($"state/{target}.json")).Contains(commit, StringComparison.Ordinal);

    /// <summary>Every promote call so far: (target, commit).</summary>
    public IReadOnlyList<(string Target, string Commit)> Calls() =>
        File.ReadAllLines(_dir.File("calls.log")).Where(l => l.Length > 0).Select(l => l.Split(' ')).Select(p => (p[0], p[1])).ToList();

    public void Dispose() => _dir.Dispose();
}
