using Deployer.Bot.Notifications.Slack.Outbox;
using Deployer.Core.Commands;
using Deployer.Core.Manifests;
using Deployer.Core.Ports;

namespace Deployer.Bot.Tests.Store;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Force_requests_apply_concurrent_approvals_one_after_the_other()
    {
        var stores = await OpenAsync();
        var request = Request("k3f9q2") with { RequiredApprovals = 20 };
        await stores.ForceRequests.AddAsync(request, default);

        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => stores.ForceRequests.UpdateAsync(
            request.Id, r => ForceRequestMachine.Approve(r, $"U{i:D3}", T0, ["release-age: too young"]).Request, default))));

        var reopened = await OpenAsync(again: true);
        var stored = await reopened.ForceRequests.GetAsync(request.Id, default);
        Assert.NotNull(stored);
        Assert.Equal(12, stored.Approvals.Select(a => a.By).Distinct().Count());
        Assert.Equal(["release-age: too young"], stored.Approvals[0].FailingChecks);
        Assert.Equal(request.Id, Assert.Single(await reopened.ForceRequests.GetOpenAsync(default)).Id);
        Assert.Null(await reopened.ForceRequests.UpdateAsync("nope", r => r, default));
    }

    [Fact]
    public async Task Force_requests_refuse_a_second_approval_by_the_same_person()
    {
        var stores = await OpenAsync();
        var request = Request("abc234") with { RequiredApprovals = 3 };
        await stores.ForceRequests.AddAsync(request, default);
        await stores.ForceRequests.UpdateAsync(request.Id, r => r with { Approvals = [new ForceApproval { By = "U1", At = T0 }] }, default);

        await Assert.ThrowsAsync<InvalidOperationException>(() => stores.ForceRequests.UpdateAsync(
            request.Id, r => r with { Approvals = [.. r.Approvals, new ForceApproval { By = "U1", At = T0.AddMinutes(1) }] }, default));
        Assert.Single((await stores.ForceRequests.GetAsync(request.Id, default))!.Approvals);
    }

    [Fact]
    public async Task Force_requests_leave_the_open_list_when_decided()
    {
        var stores = await OpenAsync();
        await stores.ForceRequests.AddAsync(Request("aaa222"), default);
        await stores.ForceRequests.AddAsync(Request("bbb333"), default);
        await stores.ForceRequests.UpdateAsync("aaa222", r => ForceRequestMachine.Reject(r, "U9", T0, "no").Request, default);

        Assert.Equal("bbb333", Assert.Single(await stores.ForceRequests.GetOpenAsync(default)).Id);
        Assert.Equal(ForceRequestStatus.Rejected, (await stores.ForceRequests.GetAsync("aaa222", default))!.Status);
    }

    [Fact]
    public async Task Test_results_newest_report_wins_and_service_reports_count_only_for_their_service()
    {
        var stores = await OpenAsync();
        var router = Manifest("router");
        await stores.TestResults.RecordAsync(null, new TestResult("direwolf", "9F1C2AB", TestRunStatus.Failed, T0), T0, default);
        await stores.TestResults.RecordAsync(null, new TestResult("direwolf", "9f1c2ab4f00d", TestRunStatus.Passed, T0.AddMinutes(1), "https://ci/1"), T0, default);
        await stores.TestResults.RecordAsync("billing", new TestResult("direwolf", "9f1c2ab", TestRunStatus.Failed, T0.AddMinutes(2)), T0, default);

        var result = await stores.TestResults.GetAsync(router, "9f1c2ab4f00d", "DIREWOLF", default);
        Assert.NotNull(result);
        Assert.Equal(TestRunStatus.Passed, result.Status);
        Assert.Equal(T0.AddMinutes(1), result.CompletedAt);
        Assert.Equal("https://ci/1", result.Url);
        Assert.Equal(TestRunStatus.Failed, (await stores.TestResults.GetAsync(Manifest("billing"), "9f1c2ab4f00d", "direwolf", default))!.Status);
        Assert.Null(await stores.TestResults.GetAsync(router, "41d0e2c9999", "direwolf", default));
        Assert.Null(await stores.TestResults.GetAsync(router, "9f1c2ab4f00d", "other", default));
        await Assert.ThrowsAsync<ArgumentException>(() => stores.TestResults.RecordAsync(null, new TestResult("s", "abc", TestRunStatus.Passed, T0), T0, default));
    }

    [Fact]
    public async Task Outbox_posts_once_per_key_then_folds_updates_and_keeps_order()
    {
        var stores = await OpenAsync();
        var outbox = stores.Outbox;
        outbox.Upsert("C1", "router/pair", "v1");
        outbox.Upsert("C1", "router/pair", "v2");
        outbox.Reply("C1", "router/pair", "promoted");
        outbox.Post("C2", "hello");

        var pending = outbox.Pending();
        Assert.Equal([(OutboxOperation.Post, "v2"), (OutboxOperation.Reply, "promoted"), (OutboxOperation.Post, "hello")],
            pending.Select(i => (i.Operation, i.Body)));
        Assert.Equal(3, outbox.Depth);
        Assert.Null(outbox.Ref("router/pair")!.Ts);

        outbox.Sent(pending[0], "C1", "111.1");
        Assert.Equal("111.1", outbox.Ref("router/pair")!.Ts);
        outbox.Upsert("C1", "router/pair", "v3");
        outbox.Upsert("C1", "router/pair", "v4");
        outbox.ReleaseClaims();

        var next = (await OpenAsync(again: true)).Outbox.Pending();
        Assert.Equal([(OutboxOperation.Reply, "promoted"), (OutboxOperation.Post, "hello"), (OutboxOperation.Update, "v4")],
            next.Select(i => (i.Operation, i.Body)));
    }

    [Fact]
    public async Task Outbox_keeps_failed_items_in_order_and_dead_items_leave_the_queue()
    {
        var stores = await OpenAsync();
        var outbox = stores.Outbox;
        outbox.Upsert("C1", "k1", "a");
        outbox.Upsert("C1", "k2", "b");
        outbox.Upsert("C1", "k3", "c");
        var pending = outbox.Pending();
        outbox.ReleaseClaims();

        // Slack down: nothing is recorded per failure, the item simply stays first in line.
        outbox.Dead(pending[1], "channel_not_found");

        var left = outbox.Pending();
        Assert.Equal(["a", "c"], left.Select(i => i.Body));
        Assert.Equal(2, outbox.Depth);
        Assert.Null(outbox.Ref("k2"));

        outbox.ConvertToPost(left[0]);
        Assert.Equal(OutboxOperation.Post, outbox.Pending()[0].Operation);
    }

    private static ForceRequest Request(string id) => new()
    {
        Id = id,
        Service = "router",
        From = "staging",
        To = "production",
        Commit = "9f1c2ab4f00d",
        RequestedBy = "U0REQ",
        Reason = "hotfix",
        RequestedAt = T0,
        ExpiresAt = T0.AddMinutes(30),
        BypassedChecks = ["release-age: too young"],
    };

    private static ServiceManifest Manifest(string service) => new()
    {
        Service = service,
        Platform = new PlatformSpec { Kind = "local" },
        Stages = [new StageSpec { Name = "staging", Targets = [$"{service}-staging"] }, new StageSpec { Name = "production", Targets = [$"{service}-prod"] }],
    };
}
