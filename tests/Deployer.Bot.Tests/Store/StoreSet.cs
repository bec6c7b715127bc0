using Deployer.Bot.Notifications;
using Deployer.Bot.Notifications.Slack.Outbox;
using Deployer.Bot.Store;
using Deployer.Core.Commands;
using Deployer.Core.Ports;

namespace Deployer.Bot.Tests.Store;

/// <summary>Every store port over one database, as one provider builds them.</summary>
internal sealed record StoreSet(
    IDecisionStore Decisions,
    IPromotionLedger Ledger,
    IHoldStore Holds,
    IActiveHoldCount HoldCount,
    IAuditLog Audit,
    ITestResultStore TestResults,
    IForceRequestStore ForceRequests,
    IOutboxStore Outbox,
    INotificationQueue Notifications,
    IVerificationStore Verifications,
    IBlockedNoticeStore BlockedNotices);
