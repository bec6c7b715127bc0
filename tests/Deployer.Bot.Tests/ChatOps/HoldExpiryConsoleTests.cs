using Deployer.Bot.Notifications.Console;
using Deployer.Bot.Scheduling;
using Deployer.Bot.Tests.Support;
using Deployer.Core.Audit;
using Deployer.Core.Holds;
using Deployer.Core.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Quartz;

namespace Deployer.Bot.Tests.ChatOps;

/// <summary>In console mode an expiring hold is printed once, by whichever part writes to the console first, and audited.</summary>
public sealed class HoldExpiryConsoleTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public async Task An_expiring_hold_prints_exactly_one_console_line_and_one_audit_entry()
    {
        // With a channel, so the chat side has somewhere to announce the expiry.
        _dir.Write("manifests/demo.json", TestBot.DemoManifest.Replace("\"service\": \"demo\",", "\"service\": \"demo\", \"slack\": { \"channel\": \"C_DEMO\" },", StringComparison.Ordinal));
        TestBot.Prepare(_dir);
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 4, 10, 0, 0, TimeSpan.Zero));
        // One writer behind both console abstractions (the host's and the chat side's), as standard output is in real life.
        var console = new StringWriter();
        await using var app = TestBot.Build(_dir.Path, TestBot.Settings(_dir.Path), s =>
        {
            s.AddSingleton<TimeProvider>(time);
            s.AddSingleton<IConsoleOutput>(new TextWriterConsoleOutput(console));
        });
        var holds = app.Services.GetRequiredService<IHoldStore>();
        await holds.AddAsync(new Hold
        {
            Service = "demo", Stage = "production", Reason = "db migration", By = "U0ALICE", CreatedAt = time.GetUtcNow(), Until = time.GetUtcNow().AddMinutes(5),
        }, default);

        time.Advance(TimeSpan.FromMinutes(6));
        var job = ActivatorUtilities.CreateInstance<HoldExpiryJob>(app.Services);
        await job.Execute(Substitute.For<IJobExecutionContext>(), default);
        await job.Execute(Substitute.For<IJobExecutionContext>(), default);

        var lines = console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines, l => l.Contains("expired", StringComparison.Ordinal));
        Assert.Contains("hold on demo production by U0ALICE expired: db migration", line, StringComparison.Ordinal);
        var audit = await app.Services.GetRequiredService<IAuditLog>().QueryAsync("demo", 100, default);
        Assert.Single(audit, e => e.Kind == AuditKind.HoldExpired);
        Assert.Empty(await holds.GetActiveAsync("demo", time.GetUtcNow(), default));
    }

    public void Dispose() => _dir.Dispose();
}
