using System.Collections.Concurrent;
using System.Text.Json;

namespace Deployer.Testing;

/// <summary>
/// The fake's modals and direct messages: <c>views.open</c> validates the view as Slack does (type modal, title at most
/// 24 characters, 1 to 100 blocks, every input block with a block_id and an element action_id, a callback_id, submit
/// when there are inputs) and answers <c>invalid_arguments</c> otherwise; <c>conversations.open</c> answers the
/// DM channel <c>D&lt;user id&gt;</c>. Both are recorded here as well as in <see cref="Calls"/>.
/// </summary>
public sealed partial class FakeSlackServer
{
    private readonly ConcurrentQueue<OpenedView> _openedViews = new();
    private readonly ConcurrentQueue<string> _openedDirectMessages = new();
    private int _views;

    /// <summary>Every <c>views.open</c> call the fake answered itself (not through <see cref="Failure"/> or <see cref="Enqueue(string, FakeResponse)"/>), valid or not, oldest first.</summary>
    public IReadOnlyList<OpenedView> OpenedViews => [.. _openedViews];

    /// <summary>The user ids of every <c>conversations.open</c> call, oldest first.</summary>
    public IReadOnlyList<string> OpenedDirectMessages => [.. _openedDirectMessages];

    /// <summary>The DM channel id the fake answers for <paramref name="userId"/>.</summary>
    public static string DirectMessageChannel(string userId) => "D" + userId;

    private object OpenView(SlackCall call)
    {
        var triggerId = call.Str("trigger_id");
        var view = call.Json.ValueKind == JsonValueKind.Object && call.Json.TryGetProperty("view", out var v) ? v.Clone() : default;
        var problem = triggerId is null or "" ? "trigger_id is missing" : ViewProblem(view);
        var id = problem is null ? $"V{Interlocked.Increment(ref _views):D8}" : null;
        _openedViews.Enqueue(new OpenedView(triggerId, view, id, problem));
        return problem is null
            ? new { ok = true, view = new { id, type = "modal", callback_id = Str(view, "callback_id") } }
            : new { ok = false, error = "invalid_arguments", response_metadata = new { messages = new[] { "[ERROR] " + problem } } };
    }

    private object OpenDirectMessage(SlackCall call)
    {
        var users = call.Str("users");
        if (string.IsNullOrEmpty(users) || users.Contains(',', StringComparison.Ordinal))
        {
            return new { ok = false, error = users is null or "" ? "users_list_not_supplied" : "not_implemented_in_fake" };
        }

        _openedDirectMessages.Enqueue(users);
        return new { ok = true, channel = new { id = DirectMessageChannel(users) } };
    }

    /// <summary>What Slack would refuse in a view, or null when it is valid.</summary>
    public static string? ViewProblem(JsonElement view)
    {
        if (view.ValueKind != JsonValueKind.Object)
        {
            return "view must be an object";
        }

        if (Str(view, "type") != "modal")
        {
            return "view.type must be modal";
        }

        var title = view.TryGetProperty("title", out var t) ? t : default;
        if (Str(title, "type") != "plain_text" || Str(title, "text") is not { Length: > 0 and <= 24 })
        {
            return "view.title must be plain_text of 1 to 24 characters";
        }

        if (!view.TryGetProperty("blocks", out var blocks) || blocks.ValueKind != JsonValueKind.Array || blocks.GetArrayLength() is 0 or > 100)
        {
            return "view.blocks must hold 1 to 100 blocks";
        }

        if (Str(view, "callback_id") is not { Length: > 0 and <= 255 })
        {
            return "view.callback_id must be 1 to 255 characters";
        }

        if (Str(view, "private_metadata") is { Length: > 3000 })
        {
            return "view.private_metadata must be at most 3000 characters";
        }

        var inputs = 0;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var block in blocks.EnumerateArray())
        {
            if (Str(block, "block_id") is { } blockId && !ids.Add(blockId))
            {
                return $"block_id {blockId} is used twice";
            }

            if (Str(block, "type") != "input")
            {
                continue;
            }

            inputs++;
            var element = block.TryGetProperty("element", out var e) ? e : default;
            if (Str(block, "block_id") is null || Str(element, "action_id") is null || Str(element, "type") is null)
            {
                return "every input block needs a block_id and an element with a type and an action_id";
            }

            if (!block.TryGetProperty("label", out var label) || Str(label, "type") != "plain_text" || Str(label, "text") is not { Length: > 0 and <= 2000 })
            {
                return "every input block needs a plain_text label of 1 to 2000 characters";
            }
        }

        foreach (var button in new[] { "submit", "close" })
        {
            if (view.TryGetProperty(button, out var b) && Str(b, "text") is not { Length: > 0 and <= 24 })
            {
                return $"view.{button} must be plain_text of 1 to 24 characters";
            }
        }

        return inputs > 0 && !view.TryGetProperty("submit", out _) ? "a view with input blocks needs submit" : null;
    }
}
