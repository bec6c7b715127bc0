using Deployer.Testing;

namespace Deployer.Bot.Tests.Support;

/// <summary>
/// The pipeline the promotion crash tests run in a child bot: service <c>crash</c>, staging → production on the command
/// platform, staging at <c>commit</c> and production behind it. Its promote script logs "target commit" to
/// <c>calls.log</c> and copies staging's release onto the target, so the promotion succeeds and the next cycles find
/// the pair in sync.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class CrashPipeline
{
    public static void Prepare(TempDir dir, string commit)
    {
        var world = dir.File("world");
        Directory.CreateDirectory(world);
        dir.Write("calls.log", "");
        dir.Write("world/crash-staging.json", $$"""{"version":1,"commit":"{{commit}}","branch":"main","createdAt":"2026-01-01T00:00:00Z","status":"succeeded"}""");
        dir.Write("world/crash-production.json", """{"version":0,"commit":"c0000000000ab","branch":"main","createdAt":"2026-01-01T00:00:00Z","status":"succeeded"}""");
        var current = dir.Write("manifests/current.sh", $"#!/bin/sh\ncat \"{world}/$DEPLOYER_TARGET.json\"\n");
        var promote = dir.Write("manifests/promote.sh", $$"""
            #!/bin/sh
            echo "$DEPLOYER_TARGET $DEPLOYER_COMMIT" >> "{{dir.File("calls.log")}}"
            cp "{{world}}/crash-staging.json" "{{world}}/$DEPLOYER_TARGET.json"

            """);
        foreach (var script in new[] { current, promote })
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        dir.Write("manifests/crash.json", """
            {
              "service": "crash",
              "platform": { "kind": "command", "current": "./current.sh", "promote": "./promote.sh", "timeout": "30s" },
              "stages": [
                { "name": "staging", "targets": ["crash-staging"] },
                { "name": "production", "targets": ["crash-production"] }
              ]
            }
            """);
    }
}
