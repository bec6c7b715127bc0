using System.Collections.Concurrent;
using System.Threading.Channels;
using Deployer.Slack.Inbound;

namespace Deployer.Slack.Tests.Fakes;

/// <summary>An <see cref="ISlackInboundHandler"/> that records what it was given and lets tests await it.</summary>
public sealed class RecordingHandler : ISlackInboundHandler
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly Channel<object> _received = Channel.CreateUnbounded<object>();

    public Func<SlashCommand, SlackMessageResponse?> CommandReply { get; set; } = _ => null;

    public Func<SlackEventCallback, Task>? OnEvent { get; set; }

    public Func<ViewSubmissionPayload, ViewSubmissionResponse?> SubmissionReply { get; set; } = _ => null;

    public ConcurrentQueue<object> All { get; } = new();

    public Task<SlackMessageResponse?> HandleCommandAsync(SlashCommand command, CancellationToken cancellationToken)
    {
        Record(command);
        return Task.FromResult(CommandReply(command));
    }

    public Task HandleInteractionAsync(BlockActionsPayload payload, CancellationToken cancellationToken)
    {
        Record(payload);
        return Task.CompletedTask;
    }

    public Task<ViewSubmissionResponse?> HandleViewSubmissionAsync(ViewSubmissionPayload payload, CancellationToken cancellationToken)
    {
        Record(payload);
        return Task.FromResult(SubmissionReply(payload));
    }

    public Task HandleEventAsync(SlackEventCallback callback, CancellationToken cancellationToken)
    {
        Record(callback);
        return OnEvent?.Invoke(callback) ?? Task.CompletedTask;
    }

    /// <summary>The next thing handled; fails after a timeout.</summary>
    public async Task<T> NextAsync<T>()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var item = await _received.Reader.ReadAsync(cts.Token);
        return Assert.IsType<T>(item);
    }

    private void Record(object item)
    {
        All.Enqueue(item);
        _received.Writer.TryWrite(item);
    }
}
