using Deployer.Slack.BlockKit;

namespace Deployer.Slack.Tests.BlockKit;

/// <summary>Each Slack limit: exactly at the limit is kept, one over is truncated with "…" or capped.</summary>
public sealed class BlockLimitsTests
{
    private static string Chars(int n) => new('x', n);

    private static void AssertTruncated(string actual, int limit)
    {
        Assert.Equal(limit, actual.Length);
        Assert.EndsWith("…", actual, StringComparison.Ordinal);
    }

    [Fact]
    public void Message_keeps_50_blocks_and_caps_51()
    {
        Assert.Equal(50, new SlackMessage("t", Enumerable.Range(0, 50).Select(_ => new DividerBlock())).Blocks!.Count);
        Assert.Equal(50, new SlackMessage("t", Enumerable.Range(0, 51).Select(_ => new DividerBlock())).Blocks!.Count);
    }

    [Fact]
    public void Message_requires_fallback_text()
    {
        Assert.Throws<ArgumentException>(() => new SlackMessage(" ", [new DividerBlock()]));
    }

    [Fact]
    public void Section_text_limit_is_3000()
    {
        Assert.Equal(Chars(3000), new SectionBlock(Chars(3000)).Text!.Text);
        AssertTruncated(new SectionBlock(Chars(3001)).Text!.Text, 3000);
    }

    [Fact]
    public void Section_field_limit_is_2000()
    {
        Assert.Equal(Chars(2000), new SectionBlock(fields: [TextObject.Markdown(Chars(2000))]).Fields![0].Text);
        AssertTruncated(new SectionBlock(fields: [TextObject.Markdown(Chars(2001))]).Fields![0].Text, 2000);
    }

    [Fact]
    public void Section_keeps_10_fields_and_caps_11()
    {
        Assert.Equal(10, new SectionBlock(fields: Enumerable.Range(0, 10).Select(i => TextObject.Plain($"f{i}"))).Fields!.Count);
        var capped = new SectionBlock(fields: Enumerable.Range(0, 11).Select(i => TextObject.Plain($"f{i}"))).Fields!;
        Assert.Equal(10, capped.Count);
        Assert.Equal("f9", capped[^1].Text);
    }

    [Fact]
    public void Header_limit_is_150_plain_text()
    {
        var kept = new HeaderBlock(Chars(150)).Text;
        Assert.Equal(Chars(150), kept.Text);
        Assert.Equal("plain_text", kept.Type);
        AssertTruncated(new HeaderBlock(Chars(151)).Text.Text, 150);
    }

    [Fact]
    public void Context_keeps_10_elements_and_caps_11()
    {
        Assert.Equal(10, new ContextBlock(Enumerable.Range(0, 10).Select(i => TextObject.Plain($"e{i}"))).Elements.Count);
        Assert.Equal(10, new ContextBlock(Enumerable.Range(0, 11).Select(i => TextObject.Plain($"e{i}"))).Elements.Count);
    }

    [Fact]
    public void Actions_keep_25_elements_and_cap_26()
    {
        Assert.Equal(25, new ActionsBlock(Enumerable.Range(0, 25).Select(i => new ButtonElement("b", $"a{i}"))).Elements.Count);
        Assert.Equal(25, new ActionsBlock(Enumerable.Range(0, 26).Select(i => new ButtonElement("b", $"a{i}"))).Elements.Count);
    }

    [Fact]
    public void Action_id_and_block_id_limit_is_255_and_longer_ids_are_refused()
    {
        Assert.Equal(Chars(255), new ButtonElement("b", Chars(255)).ActionId);
        Assert.Equal(Chars(255), new DividerBlock(Chars(255)).BlockId);
        Assert.Throws<ArgumentException>(() => new ButtonElement("b", Chars(256)));
        Assert.Throws<ArgumentException>(() => new DividerBlock(Chars(256)));
    }

    [Fact]
    public void Button_text_limit_is_75()
    {
        Assert.Equal(Chars(75), new ButtonElement(Chars(75), "a").Text.Text);
        AssertTruncated(new ButtonElement(Chars(76), "a").Text.Text, 75);
    }

    [Fact]
    public void Button_value_limit_is_2000()
    {
        Assert.Equal(Chars(2000), new ButtonElement("b", "a", Chars(2000)).Value);
        AssertTruncated(new ButtonElement("b", "a", Chars(2001)).Value!, 2000);
    }

    [Fact]
    public void Confirm_title_limit_is_100()
    {
        Assert.Equal(Chars(100), new ConfirmDialog(Chars(100), "sure?").Title.Text);
        AssertTruncated(new ConfirmDialog(Chars(101), "sure?").Title.Text, 100);
    }

    [Fact]
    public void Confirm_text_limit_is_300()
    {
        Assert.Equal(Chars(300), new ConfirmDialog("t", Chars(300)).Text.Text);
        AssertTruncated(new ConfirmDialog("t", Chars(301)).Text.Text, 300);
    }

    [Fact]
    public void Confirm_and_deny_limit_is_30()
    {
        var kept = new ConfirmDialog("t", "sure?", Chars(30), Chars(30));
        Assert.Equal(Chars(30), kept.Confirm.Text);
        Assert.Equal(Chars(30), kept.Deny.Text);
        var cut = new ConfirmDialog("t", "sure?", Chars(31), Chars(31));
        AssertTruncated(cut.Confirm.Text, 30);
        AssertTruncated(cut.Deny.Text, 30);
    }
}
