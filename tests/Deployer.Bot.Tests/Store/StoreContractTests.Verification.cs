using Deployer.Bot.Store;
using Deployer.Core.Events;
using Deployer.Core.Verification;

namespace Deployer.Bot.Tests.Store;

/// <summary>Stage verifications (issue 15): every detail kept, one per stage, saved with their announcement or not at all.</summary>
public abstract partial class StoreContractTests
{
    private static StageVerification Verification(string service, string stage, VerificationState state = VerificationState.Verifying) => new()
    {
        Service = service,
        Stage = stage,
        From = "staging",
        Commit = "4f2a1c0aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        IntentId = "intent-1",
        State = state,
        StartedAt = T0,
        For = TimeSpan.FromMinutes(10),
        UnknownFor = TimeSpan.FromSeconds(90),
        UnknownSince = T0.AddMinutes(3),
        Reason = "alerts: router is up: Alertmanager: HTTP 503",
        Rejected = [new RejectedCommit("9f1c2abbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "alert router is up: firing", T0.AddMinutes(-30))],
    };

    [Fact]
    public async Task Verifications_keep_one_record_per_stage_with_every_detail()
    {
        var stores = await OpenAsync();
        await stores.Verifications.SaveAsync(Verification("router", "production"), null, default);
        var failed = Verification("Router", "Production", VerificationState.Failed) with { EndedAt = T0.AddMinutes(4), HoldPlaced = true, UnknownSince = null };
        await stores.Verifications.SaveAsync(failed, null, default);
        await stores.Verifications.SaveAsync(Verification("router", "canary"), null, default);
        await stores.Verifications.SaveAsync(Verification("billing", "production"), null, default);

        var reopened = await OpenAsync(again: true);
        var production = await reopened.Verifications.GetAsync("ROUTER", "production", default);
        Assert.NotNull(production);
        Assert.Equal(failed with { Rejected = [] }, production with { Rejected = [] });
        Assert.Equal(failed.Rejected, production.Rejected);
        Assert.Equal(T0.AddMinutes(10) + TimeSpan.FromSeconds(90), production.Until);
        Assert.Equal(["Production", "canary"], (await reopened.Verifications.GetAllAsync("router", default)).Select(v => v.Stage).Order(StringComparer.Ordinal));
        Assert.Equal(3, (await reopened.Verifications.GetAllAsync(null, default)).Count);
        Assert.Null(await reopened.Verifications.GetAsync("router", "staging", default));
        Assert.Equal(0, reopened.Notifications.Depth);
    }

    [Fact]
    public async Task A_verification_and_its_announcement_are_kept_together_or_not_at_all()
    {
        var stores = await OpenAsync();
        var verifying = Verification("router", "production");
        await stores.Verifications.SaveAsync(verifying, null, default);
        var failed = verifying with { State = VerificationState.Failed, EndedAt = T0.AddMinutes(4) };
        var announcement = new VerificationFailed { Verification = failed, Check = "alerts", CheckReason = "router is up: firing", At = T0.AddMinutes(4) };
        using (StoreFaults.InThisFlow(point => throw new IOException($"crash at {point}")))
        {
            var crash = await Assert.ThrowsAsync<IOException>(() => stores.Verifications.SaveAsync(failed, announcement, default));
            Assert.Equal($"crash at {StoreFaults.VerificationSaved}", crash.Message);
        }

        var reopened = await OpenAsync(again: true);
        Assert.Equal(VerificationState.Verifying, (await reopened.Verifications.GetAsync("router", "production", default))!.State);
        Assert.Equal(0, reopened.Notifications.Depth);

        await reopened.Verifications.SaveAsync(failed, announcement, default);
        var again = await OpenAsync(again: true);
        Assert.Equal(VerificationState.Failed, (await again.Verifications.GetAsync("router", "production", default))!.State);
        DeployerEvent? queued = null;
        Assert.True(again.Notifications.TakeOldest(e => queued = e));
        var taken = Assert.IsType<VerificationFailed>(queued);
        Assert.Equal(("alerts", "router is up: firing", failed.Commit), (taken.Check, taken.CheckReason, taken.Verification.Commit));
    }

    [Fact]
    public async Task A_service_read_again_after_a_save_shows_the_save_and_a_failed_save_changes_nothing()
    {
        var stores = await OpenAsync();
        Assert.Empty(await stores.Verifications.GetAllAsync("router", default));
        var verifying = Verification("router", "production");
        await stores.Verifications.SaveAsync(verifying, null, default);
        Assert.Equal(VerificationState.Verifying, Assert.Single(await stores.Verifications.GetAllAsync("Router", default)).State);

        var failed = verifying with { State = VerificationState.Failed, EndedAt = T0.AddMinutes(4) };
        using (StoreFaults.InThisFlow(point => throw new IOException($"crash at {point}")))
        {
            await Assert.ThrowsAsync<IOException>(() => stores.Verifications.SaveAsync(failed, null, default));
        }

        Assert.Equal(VerificationState.Verifying, Assert.Single(await stores.Verifications.GetAllAsync("router", default)).State);
        await stores.Verifications.SaveAsync(failed, null, default);
        await stores.Verifications.SaveAsync(Verification("router", "canary"), null, default);
        var now = await stores.Verifications.GetAllAsync("router", default);
        Assert.Equal(VerificationState.Failed, now.Single(v => v.Stage == "production").State);
        Assert.Equal(["canary", "production"], now.Select(v => v.Stage).Order(StringComparer.Ordinal));
        Assert.Empty(await stores.Verifications.GetAllAsync("billing", default));
    }
}
