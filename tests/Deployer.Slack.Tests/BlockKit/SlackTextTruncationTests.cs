namespace Deployer.Slack.Tests.BlockKit;

public sealed class SlackTextTruncationTests
{
    [Fact]
    public void Text_at_the_limit_is_kept()
    {
        Assert.Equal("abcde", SlackText.Truncate("abcde", 5));
    }

    [Fact]
    public void Text_over_the_limit_ends_in_an_ellipsis_within_the_limit()
    {
        Assert.Equal("abcd…", SlackText.Truncate("abcdef", 5));
    }

    [Fact]
    public void A_surrogate_pair_is_never_split()
    {
        var text = "abc😀def";

        var cut = SlackText.Truncate(text, 5);

        Assert.Equal("abc…", cut);
    }
}
