using Deployer.Slack.WebApi;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Slack.Tests.WebApi;

public sealed class ChannelPacerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Second_message_to_the_same_channel_waits_one_interval()
    {
        var pacer = new ChannelPacer(_time, TimeSpan.FromSeconds(1));

        var first = pacer.WaitAsync("C1", CancellationToken.None);
        var second = pacer.WaitAsync("C1", CancellationToken.None);

        Assert.True(first.IsCompletedSuccessfully);
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await second.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Queued_messages_get_consecutive_slots()
    {
        var pacer = new ChannelPacer(_time, TimeSpan.FromSeconds(1));

        _ = pacer.WaitAsync("C1", CancellationToken.None);
        var second = pacer.WaitAsync("C1", CancellationToken.None);
        var third = pacer.WaitAsync("C1", CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(second.IsCompleted);
        Assert.False(third.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(third.IsCompleted);
    }

    [Fact]
    public void Other_channels_are_not_delayed()
    {
        var pacer = new ChannelPacer(_time, TimeSpan.FromSeconds(1));

        _ = pacer.WaitAsync("C1", CancellationToken.None);

        Assert.True(pacer.WaitAsync("C2", CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public void A_channel_quiet_for_an_interval_is_not_delayed()
    {
        var pacer = new ChannelPacer(_time, TimeSpan.FromSeconds(1));
        _ = pacer.WaitAsync("C1", CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(pacer.WaitAsync("C1", CancellationToken.None).IsCompletedSuccessfully);
    }
}
