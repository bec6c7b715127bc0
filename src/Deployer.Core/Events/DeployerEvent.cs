using System.Text.Json.Serialization;

namespace Deployer.Core.Events;

/// <summary>
/// Something people should hear about. Written to the durable notification queue in the same transaction as the state
/// change it reports (a decision, a hold, a force request), then rendered for each channel kind (Slack, console) by
/// the host. Serialized with a type discriminator, so a queued event survives a restart.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "event")]
[JsonDerivedType(typeof(DecisionChanged), "decision-changed")]
[JsonDerivedType(typeof(HoldPlaced), "hold-placed")]
[JsonDerivedType(typeof(HoldLifted), "hold-lifted")]
[JsonDerivedType(typeof(HoldExpired), "hold-expired")]
[JsonDerivedType(typeof(ForceRequestChanged), "force-request-changed")]
[JsonDerivedType(typeof(ManifestNotLoaded), "manifest-not-loaded")]
[JsonDerivedType(typeof(RollbackStarted), "rollback-started")]
[JsonDerivedType(typeof(RollbackCompleted), "rollback-completed")]
[JsonDerivedType(typeof(PromotionSettled), "promotion-settled")]
[JsonDerivedType(typeof(VerificationFailed), "verification-failed")]
[JsonDerivedType(typeof(Verified), "verified")]
[JsonDerivedType(typeof(VerificationSuperseded), "verification-superseded")]
[JsonDerivedType(typeof(BlockedTooLong), "blocked-too-long")]
public abstract record DeployerEvent
{
    /// <summary>The service the event is about (its channel is where it is announced).</summary>
    public abstract string Service { get; }

    /// <summary>When it happened.</summary>
    public required DateTimeOffset At { get; init; }
}
