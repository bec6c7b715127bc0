using Deployer.Slack.BlockKit;

namespace Deployer.Slack.Tests.BlockKit;

/// <summary>
/// The modal side of <see cref="BlockLimitsTests"/>: input blocks, static selects, option objects and modal views.
/// Display text at its limit is kept and one over is cut with "…"; ids, values and data beyond Slack's limits are refused.
/// </summary>
public sealed class ModalLimitsTests
{
    private static string Chars(int n) => new('x', n);

    private static void AssertTruncated(string actual, int limit)
    {
        Assert.Equal(limit, actual.Length);
        Assert.EndsWith("…", actual, StringComparison.Ordinal);
    }

    private static SelectOption[] Options(int n) => [.. Enumerable.Range(0, n).Select(i => new SelectOption($"Option {i}", $"v{i}"))];

    private static InputBlock Input(string blockId = "reason") => new(blockId, "Reason", new PlainTextInputElement("text"));

    [Fact]
    public void Input_label_and_hint_limit_is_2000_plain_text()
    {
        var kept = new InputBlock("b", Chars(2000), new PlainTextInputElement("a"), hint: Chars(2000));
        Assert.Equal(Chars(2000), kept.Label.Text);
        Assert.Equal("plain_text", kept.Label.Type);
        Assert.Equal(Chars(2000), kept.Hint!.Text);
        var cut = new InputBlock("b", Chars(2001), new PlainTextInputElement("a"), hint: Chars(2001));
        AssertTruncated(cut.Label.Text, 2000);
        AssertTruncated(cut.Hint!.Text, 2000);
    }

    [Fact]
    public void Input_block_id_is_required_and_at_most_255()
    {
        Assert.Equal(Chars(255), new InputBlock(Chars(255), "l", new PlainTextInputElement("a")).BlockId);
        Assert.Throws<ArgumentException>(() => new InputBlock(Chars(256), "l", new PlainTextInputElement("a")));
        Assert.Throws<ArgumentException>(() => new InputBlock("", "l", new PlainTextInputElement("a")));
        Assert.Throws<ArgumentNullException>(() => new InputBlock(null!, "l", new PlainTextInputElement("a")));
        Assert.Throws<ArgumentNullException>(() => new InputBlock("b", "l", null!));
    }

    [Fact]
    public void Input_element_action_id_limit_is_255_and_longer_ids_are_refused()
    {
        Assert.Equal(Chars(255), new PlainTextInputElement(Chars(255)).ActionId);
        Assert.Equal(Chars(255), new StaticSelectElement(Chars(255), Options(1)).ActionId);
        Assert.Throws<ArgumentException>(() => new PlainTextInputElement(Chars(256)));
        Assert.Throws<ArgumentException>(() => new StaticSelectElement(Chars(256), Options(1)));
    }

    [Fact]
    public void Placeholder_limit_is_150_plain_text()
    {
        Assert.Equal(Chars(150), new PlainTextInputElement("a", placeholder: Chars(150)).Placeholder!.Text);
        AssertTruncated(new PlainTextInputElement("a", placeholder: Chars(151)).Placeholder!.Text, 150);
        AssertTruncated(new StaticSelectElement("a", Options(1), placeholder: Chars(151)).Placeholder!.Text, 150);
    }

    [Fact]
    public void Plain_text_input_max_length_is_1_to_3000_and_the_initial_value_must_fit()
    {
        Assert.Equal(3000, new PlainTextInputElement("a", maxLength: 3000).MaxLength);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PlainTextInputElement("a", maxLength: 3001));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PlainTextInputElement("a", maxLength: 0));
        Assert.Equal(Chars(10), new PlainTextInputElement("a", initialValue: Chars(10), maxLength: 10).InitialValue);
        // The initial value becomes the user's data: cut, it would submit something they did not write.
        Assert.Throws<ArgumentException>(() => new PlainTextInputElement("a", initialValue: Chars(11), maxLength: 10));
        Assert.Throws<ArgumentException>(() => new PlainTextInputElement("a", initialValue: Chars(3001)));
    }

    [Fact]
    public void Static_select_keeps_100_options_and_refuses_101_or_none()
    {
        Assert.Equal(100, new StaticSelectElement("a", Options(100)).Options.Count);
        var tooMany = Assert.Throws<ArgumentException>(() => new StaticSelectElement("a", Options(101)));
        Assert.Contains("101", tooMany.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new StaticSelectElement("a", []));
    }

    [Fact]
    public void Option_text_limit_is_75_and_value_limit_is_150_refused_beyond()
    {
        var kept = new SelectOption(Chars(75), Chars(150));
        Assert.Equal(Chars(75), kept.Text.Text);
        Assert.Equal("plain_text", kept.Text.Type);
        Assert.Equal(Chars(150), kept.Value);
        AssertTruncated(new SelectOption(Chars(76), "v").Text.Text, 75);
        // A value is data the app matches on: a cut one would come back as another.
        Assert.Throws<ArgumentException>(() => new SelectOption("t", Chars(151)));
        Assert.Throws<ArgumentException>(() => new SelectOption("t", ""));
    }

    [Fact]
    public void Duplicate_option_values_are_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new StaticSelectElement("a", [new SelectOption("One", "v"), new SelectOption("Two", "v")]));
        Assert.Contains("'v'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Initial_option_must_be_one_of_the_options()
    {
        var options = Options(3);
        var select = new StaticSelectElement("a", options, initialOption: new SelectOption("Option 1", "v1"));
        Assert.Same(options[1], select.InitialOption);
        Assert.Throws<ArgumentException>(() => new StaticSelectElement("a", options, initialOption: new SelectOption("Option 9", "v9")));
        // Same value, other text: Slack compares the whole option object.
        Assert.Throws<ArgumentException>(() => new StaticSelectElement("a", options, initialOption: new SelectOption("Renamed", "v1")));
    }

    [Fact]
    public void Modal_title_submit_and_close_limit_is_24()
    {
        var kept = new SlackView(Chars(24), [Input()], "cb", submit: Chars(24), close: Chars(24));
        Assert.Equal(Chars(24), kept.Title.Text);
        Assert.Equal(Chars(24), kept.Submit!.Text);
        Assert.Equal(Chars(24), kept.Close!.Text);
        var cut = new SlackView(Chars(25), [Input()], "cb", submit: Chars(25), close: Chars(25));
        AssertTruncated(cut.Title.Text, 24);
        AssertTruncated(cut.Submit!.Text, 24);
        AssertTruncated(cut.Close!.Text, 24);
    }

    [Fact]
    public void Modal_keeps_100_blocks_and_refuses_101_or_none()
    {
        Assert.Equal(100, new SlackView("t", Enumerable.Range(0, 100).Select(_ => new DividerBlock()), "cb").Blocks.Count);
        var ex = Assert.Throws<ArgumentException>(() => new SlackView("t", Enumerable.Range(0, 101).Select(_ => new DividerBlock()), "cb"));
        Assert.Contains("101", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new SlackView("t", [], "cb"));
    }

    [Fact]
    public void Modal_private_metadata_limit_is_3000_refused_beyond()
    {
        Assert.Equal(Chars(3000), new SlackView("t", [new DividerBlock()], "cb", privateMetadata: Chars(3000)).PrivateMetadata);
        Assert.Throws<ArgumentException>(() => new SlackView("t", [new DividerBlock()], "cb", privateMetadata: Chars(3001)));
    }

    [Fact]
    public void Modal_callback_id_is_required_and_at_most_255()
    {
        Assert.Equal(Chars(255), new SlackView("t", [new DividerBlock()], Chars(255)).CallbackId);
        Assert.Throws<ArgumentException>(() => new SlackView("t", [new DividerBlock()], Chars(256)));
        Assert.Throws<ArgumentException>(() => new SlackView("t", [new DividerBlock()], ""));
        Assert.Throws<ArgumentNullException>(() => new SlackView("t", [new DividerBlock()], null!));
    }

    [Fact]
    public void Modal_with_inputs_requires_submit_and_one_without_does_not()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SlackView("t", [new SectionBlock("hi"), Input()], "cb"));
        Assert.Equal("submit", ex.ParamName);
        Assert.Null(new SlackView("t", [new SectionBlock("hi")], "cb").Submit);
    }

    [Fact]
    public void Modal_refuses_duplicate_block_ids()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SlackView("t", [Input("same"), Input("same")], "cb", submit: "Go"));
        Assert.Contains("'same'", ex.Message, StringComparison.Ordinal);
    }
}
