using Deployer.Bot.ChatOps.Rendering;
using Deployer.Core.Commands;
using Deployer.Core.Engine;
using Deployer.Core.Ports;
using Deployer.Slack.BlockKit;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.ChatOps.Commands;

/// <summary>
/// Runs chat commands for every transport (Slack HTTP, Socket Mode, console). Help, status and mistakes are answered
/// at once from memory; anything that calls out or writes is returned as later work.
/// What a command changes is announced in the service channel by the store's queued event, not here.
/// </summary>
internal sealed class CommandHandler(
    CommandParser parser, StatusView status, AuthorizationPolicy policy, HoldService holds, ForcePromoteService force,
    PromotionEngine engine, IAuditLog audit, RollbackService rollbacks, TimeProvider time, ILogger<CommandHandler> logger)
{
    public string SlashCommand => parser.Command;

    public CommandReply Handle(Caller caller, string text)
    {
        var parsed = parser.Parse(text);
        if (!parsed.Succeeded)
        {
            return new CommandReply(Replies.Mistake(parsed.Error, parsed.Usage));
        }

        var command = parsed.Command;
        return command.Verb switch
        {
            CommandVerb.Help => new CommandReply(Replies.Help(parser.Command, command.Topic)),
            CommandVerb.Status => new CommandReply(command.Manifest is { } m ? status.Service(m) : status.Overview()),
            _ => new CommandReply(null, ct => ExecuteAsync(caller, command, ct)),
        };
    }

    /// <summary>
    /// A verb built by a button or a modal instead of typed text: once parsed, a typed command takes exactly this path
    /// (same service call, same authorization, same audit, same reply).
    /// </summary>
    public Task<SlackMessage> ExecuteAsync(Caller caller, ChatCommand command, CancellationToken cancellationToken) =>
        SafelyAsync(command.Verb.ToString(), ct => RunAsync(caller, command, ct), cancellationToken);

    /// <summary>An Approve or Reject button.</summary>
    public Task<SlackMessage> ButtonAsync(Caller caller, string actionId, string requestId, CancellationToken cancellationToken) => actionId switch
    {
        ForceRequestBlocks.ApproveAction => SafelyAsync("approve", ct => ApproveAsync(caller, requestId, ct), cancellationToken),
        ForceRequestBlocks.RejectAction => SafelyAsync("reject", ct => RejectAsync(caller, requestId, null, ct), cancellationToken),
        _ => Task.FromResult(Replies.Failure($"Unknown action `{actionId}`.")),
    };

    /// <summary>
    /// A failed verification's <b>Roll back</b> (the <c>rollback</c> verb's own path, authorized now) or <b>Keep</b>
    /// button. On success the message the button was in is replaced, so nobody presses it again.
    /// </summary>
    public async Task<ButtonReply> VerificationButtonAsync(Caller caller, string actionId, string? value, CancellationToken cancellationToken)
    {
        if (VerificationButton.Parse(value) is not { } button || engine.Catalog.Find(button.Service) is not { } manifest || manifest.FindStage(button.Stage) is not { } stage)
        {
            logger.LogWarning("Verification button {Action} with an unusable value {Value}", actionId, value);
            return new ButtonReply(Replies.Failure("This button no longer matches a loaded service and stage; use `rollback` or `resume` instead."));
        }

        var commit = button.Commit is { Length: > 7 } c ? c[..7] : button.Commit;
        var failed = $"verification of `{commit}` failed in *{manifest.Service} {stage.Name}*";
        if (actionId == VerificationButton.RollbackAction)
        {
            // The verb's own path (RollbackService): authorized at the click, refusals audited.
            var reason = $"Roll back button: verification of {commit} failed in {manifest.Service} {stage.Name}";
            CommandResult<RollbackOutcome>? rolled = null;
            var reply = await SafelyAsync("rollback", async ct =>
            {
                rolled = await rollbacks.RollbackAsync(caller, manifest, stage.Name, reason, ct, button.Commit);
                return rolled.Succeeded ? Replies.Text($"⏪ {rolled.Value.Message}") : Problem(rolled);
            }, cancellationToken);
            return new ButtonReply(reply, rolled is { Succeeded: true }
                ? Replies.Text($"⏪ {Capital(failed)}: rolled back by {SlackFormat.User(caller.UserId)} at {SlackFormat.Time(time.GetUtcNow())}. The stage stays held until someone resumes it.")
                : null);
        }

        CommandResult<string>? kept = null;
        var answer = await SafelyAsync("keep", async ct =>
        {
            kept = await rollbacks.KeepAsync(caller, manifest, stage.Name, button.Commit, ct);
            return kept.Succeeded ? Replies.Text($"✋ {kept.Value}.") : Problem(kept);
        }, cancellationToken);
        return new ButtonReply(answer, kept is { Succeeded: true }
            ? Replies.Text($"✋ {Capital(failed)}: kept on hold by {SlackFormat.User(caller.UserId)} at {SlackFormat.Time(time.GetUtcNow())} (not rolled back). `resume {manifest.Service} {stage.Name}` lifts the hold; `rollback {manifest.Service} {stage.Name}` still rolls back.")
            : null);
    }

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private async Task<SlackMessage> RunAsync(Caller caller, ChatCommand command, CancellationToken cancellationToken)
    {
        switch (command.Verb)
        {
            case CommandVerb.Plan:
                return Replies.Plan(command.Service, await engine.PlanAsync(command.Service, cancellationToken));
            case CommandVerb.Whoami:
                return Replies.Whoami(await policy.GetRolesAsync(caller, cancellationToken));
            case CommandVerb.History:
                return Replies.History(command.Service!, await audit.QueryAsync(command.Service, command.Count, cancellationToken));
            case CommandVerb.Hold:
            {
                var result = await holds.HoldAsync(caller, command.Manifest!, command.Stage, command.Duration, command.Reason!, cancellationToken);
                return result.Succeeded ? Replies.HoldPlaced(result.Value, caller.UserId) : Problem(result);
            }

            case CommandVerb.Resume:
            {
                var result = await holds.ResumeAsync(caller, command.Manifest!, command.Stage, cancellationToken);
                return result.Succeeded ? Replies.HoldLifted(result.Value, caller.UserId) : Problem(result);
            }

            case CommandVerb.Force:
            {
                var result = await force.RequestAsync(caller, command.Manifest!, command.Stage!, command.Reason!, cancellationToken);
                return result.Succeeded ? Replies.Text(Replies.ForceOutcome(result.Value)) : Problem(result);
            }

            case CommandVerb.Rollback:
            {
                var result = await rollbacks.RollbackAsync(caller, command.Manifest!, command.Stage!, command.Reason!, cancellationToken);
                return result.Succeeded ? Replies.Text($"⏪ {result.Value.Message}") : Problem(result);
            }

            case CommandVerb.Approve:
                return await ApproveAsync(caller, command.RequestId!, cancellationToken);
            case CommandVerb.Reject:
                return await RejectAsync(caller, command.RequestId!, command.Reason, cancellationToken);
            default:
                return Replies.Help(parser.Command, null);
        }
    }

    private async Task<SlackMessage> ApproveAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var result = await force.ApproveAsync(caller, id, cancellationToken);
        return result.Succeeded ? Replies.Decided(result.Value) : Problem(result);
    }

    private async Task<SlackMessage> RejectAsync(Caller caller, string id, string? reason, CancellationToken cancellationToken)
    {
        var result = await force.RejectAsync(caller, id, reason, cancellationToken);
        return result.Succeeded ? Replies.Decided(result.Value) : Problem(result);
    }

    private static SlackMessage Problem<T>(CommandResult<T> result)
        where T : class => result.Refused ? Replies.Refusal(result.Error!) : Replies.Failure(result.Error!);

    private async Task<SlackMessage> SafelyAsync(string what, Func<CancellationToken, Task<SlackMessage>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await work(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Command {Command} failed", what);
            return Replies.Failure($"`{what.ToLowerInvariant()}` failed: {ex.Message}");
        }
    }
}
