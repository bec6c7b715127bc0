using System.Diagnostics;
using Deployer.Bot.Store.PostgreSql;
using Npgsql;

namespace Deployer.Bot.Tests.Support;

/// <summary>
/// A real PostgreSQL server process (Debian's <c>postgresql</c> package): <c>initdb</c> into a temp folder, <c>pg_ctl start</c> on
/// a free loopback port, stopped and deleted at the end. Missing binaries: every test using it fails with how to install
/// them, never a silent skip (the tests' fixture is <see cref="PostgresServer"/>; the benchmarks link this file). As root (CI, containers) the server runs as the <c>postgres</c> user, since PostgreSQL
/// refuses to run as root. <see cref="NewDatabaseAsync"/> hands each test its own database, copied from a migrated template.
/// </summary>
public sealed class PostgresProcess : IAsyncDisposable
{
    private const string Template = "deployer_template";
    private string? _folder;
    private string? _bin;
    private int _databases;

    public int Port { get; private set; }

    /// <summary>The maintenance database's connection string (superuser <c>deployer</c>, trust authentication on loopback).</summary>
    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=deployer;Database=postgres;Pooling=false";

    public async Task StartAsync()
    {
        _bin = FindBin() ?? throw new InvalidOperationException(
            "PostgreSQL is not installed, and these tests run against a real server. Install it with "
            + "`sudo apt-get install -y postgresql` (./test.sh does this)"
            + (Environment.GetEnvironmentVariable("CI") == "true" ? "; on CI, ./test.sh must install it before the tests." : "."));
        _folder = Directory.CreateTempSubdirectory("deployer-pg-").FullName;
        var data = Path.Combine(_folder, "data");
        if (IsRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", _folder]);
        }

        await RunPgAsync("initdb", ["-D", data, "-U", "deployer", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
        Port = LoopbackPort.Free();
        await RunPgAsync("pg_ctl", [
            "start", "-w", "-t", "60", "-D", data, "-l", Path.Combine(_folder, "server.log"),
            "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
        ]);

        await using var admin = NpgsqlDataSource.Create(AdminConnectionString);
        await using (var create = admin.CreateCommand($"CREATE DATABASE {Template}"))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using var template = NpgsqlDataSource.Create(ConnectionStringFor(Template));
        await PostgreSqlSchema.MigrateAsync(template, null, default);
    }

    /// <summary>A fresh, migrated database of its own; returns its connection string.</summary>
    public async Task<string> NewDatabaseAsync(bool migrated = true)
    {
        var name = $"test_{Interlocked.Increment(ref _databases)}";
        await using var admin = NpgsqlDataSource.Create(AdminConnectionString);
        await using var create = admin.CreateCommand(migrated ? $"CREATE DATABASE {name} TEMPLATE {Template}" : $"CREATE DATABASE {name}");
        await create.ExecuteNonQueryAsync();
        return ConnectionStringFor(name);
    }

    public string ConnectionStringFor(string database) => $"Host=127.0.0.1;Port={Port};Username=deployer;Database={database}";

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_folder is null)
        {
            return;
        }

        if (_bin is not null && Port != 0)
        {
            await RunPgAsync("pg_ctl", ["stop", "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w"], throwOnError: false);
        }

        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The highest-versioned <c>/usr/lib/postgresql/&lt;ver&gt;/bin</c> holding <c>pg_ctl</c>.</summary>
    public static string? FindBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "pg_ctl")) && File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;

    private static bool IsRoot => Environment.UserName == "root";

    private Task RunPgAsync(string tool, string[] args, bool throwOnError = true)
    {
        var path = Path.Combine(_bin!, tool);
        return IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args], throwOnError) : RunAsync(path, args, throwOnError);
    }

    private static async Task RunAsync(string file, string[] args, bool throwOnError = true)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && throwOnError)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} exited with {process.ExitCode}: {await stdout}{await stderr}");
        }
    }
}
