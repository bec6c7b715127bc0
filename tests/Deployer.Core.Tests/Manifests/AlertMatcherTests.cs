using Deployer.Core.Manifests;

namespace Deployer.Core.Tests.Manifests;

public sealed class AlertMatcherTests
{
    private static readonly Dictionary<string, string> Labels = new()
    {
        ["alertname"] = "RouterDown",
        ["severity"] = "critical",
        ["env"] = "production",
    };

    [Theory]
    [InlineData("alertname=\"RouterDown\"", true)]
    [InlineData("alertname=\"routerdown\"", false)]
    [InlineData("alertname!=\"RouterDown\"", false)]
    [InlineData("alertname!=\"Other\"", true)]
    [InlineData("severity=~\"crit.*\"", true)]
    [InlineData("severity!~\"crit.*\"", false)]
    [InlineData("severity=~\"warning|critical\"", true)]
    [InlineData("alertname=RouterDown", true)]
    [InlineData("  alertname = \"RouterDown\"  ", true)]
    public void Operators_compare_the_label_value(string text, bool expected) =>
        Assert.Equal(expected, AlertMatcher.Parse(text).Matches(Labels));

    [Theory]
    [InlineData("env=~\"prod\"", false)]
    [InlineData("env=~\"duct\"", false)]
    [InlineData("env=~\"prod.*\"", true)]
    [InlineData("env=~\"a|production\"", true)]
    [InlineData("env!~\"prod\"", true)]
    public void Regexes_are_anchored_at_both_ends(string text, bool expected) =>
        Assert.Equal(expected, AlertMatcher.Parse(text).Matches(Labels));

    [Fact]
    public void Alternation_does_not_escape_the_anchors()
    {
        // Anchoring as ^a|b$ would let "xb" and "ax" through; ^(?:a|b)$ does not.
        var matcher = AlertMatcher.Parse("env=~\"a|b\"");

        Assert.False(matcher.Matches(new Dictionary<string, string> { ["env"] = "ax" }));
        Assert.False(matcher.Matches(new Dictionary<string, string> { ["env"] = "xb" }));
        Assert.True(matcher.Matches(new Dictionary<string, string> { ["env"] = "b" }));
    }

    [Fact]
    public void A_trailing_newline_in_the_value_is_not_swallowed_by_the_end_anchor()
    {
        // .NET's $ also matches before a final \n; Alertmanager's RE2 anchoring does not.
        var matcher = AlertMatcher.Parse("env=~\"prod\"");

        Assert.False(matcher.Matches(new Dictionary<string, string> { ["env"] = "prod\n" }));
        Assert.True(AlertMatcher.Parse("env!~\"prod\"").Matches(new Dictionary<string, string> { ["env"] = "prod\n" }));
    }

    [Fact]
    public void Missing_label_matches_as_the_empty_string()
    {
        var none = new Dictionary<string, string>();

        Assert.True(AlertMatcher.Parse("team=\"\"").Matches(none));
        Assert.False(AlertMatcher.Parse("team=\"router\"").Matches(none));
        Assert.True(AlertMatcher.Parse("team!=\"router\"").Matches(none));
        Assert.True(AlertMatcher.Parse("team=~\".*\"").Matches(none));
        Assert.False(AlertMatcher.Parse("team=~\".+\"").Matches(none));
    }

    [Fact]
    public void Quoted_values_unescape_quotes_and_backslashes()
    {
        var matcher = AlertMatcher.Parse("summary=\"say \\\"hi\\\" \\\\ bye\"");

        Assert.Equal("say \"hi\" \\ bye", matcher.Value);
        Assert.True(matcher.Matches(new Dictionary<string, string> { ["summary"] = "say \"hi\" \\ bye" }));
    }

    [Fact]
    public void Regex_escapes_survive_quoting()
    {
        Assert.True(AlertMatcher.Parse("code=~\"5\\d\\d\"").Matches(new Dictionary<string, string> { ["code"] = "503" }));
        Assert.True(AlertMatcher.Parse("code=~\"5\\\\d\\\\d\"").Matches(new Dictionary<string, string> { ["code"] = "503" }));
        Assert.False(AlertMatcher.Parse("code=~\"5\\d\\d\"").Matches(new Dictionary<string, string> { ["code"] = "5dd" }));
    }

    [Fact]
    public void Value_may_contain_operator_characters()
    {
        var matcher = AlertMatcher.Parse("expr=\"a!=b=~c\"");

        Assert.Equal("expr", matcher.Name);
        Assert.Equal(AlertMatchOperator.Equal, matcher.Operator);
        Assert.Equal("a!=b=~c", matcher.Value);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("=\"x\"", "label name")]
    [InlineData("1abc=\"x\"", "must not start with a digit")]
    [InlineData("alertname", "operator")]
    [InlineData("alertname==\"x\"", "unquoted value")]
    [InlineData("alertname~=\"x\"", "operator")]
    [InlineData("alertname=\"x", "no closing quote")]
    [InlineData("alertname=\"x\" y", "after the closing quote")]
    [InlineData("alertname=~\"(x\"", "invalid regex")]
    [InlineData("alertname=~\"(a)\\1\"", "invalid regex")]
    public void Rejects_malformed_matchers_saying_why(string text, string reason)
    {
        Assert.False(AlertMatcher.TryParse(text, out var matcher, out var error));
        Assert.Null(matcher);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => AlertMatcher.Parse(text));
    }

    [Theory]
    [InlineData("a=\"b\"", "a=\"b\"")]
    [InlineData("a = b", "a=\"b\"")]
    [InlineData("a!~\"x|y\"", "a!~\"x|y\"")]
    [InlineData("a!=\"q\\\"uote\"", "a!=\"q\\\"uote\"")]
    public void ToString_gives_the_canonical_form(string text, string canonical) =>
        Assert.Equal(canonical, AlertMatcher.Parse(text).ToString());

    [Fact]
    public void MatchesAll_needs_every_matcher()
    {
        var both = new[] { AlertMatcher.Parse("alertname=\"RouterDown\""), AlertMatcher.Parse("severity=\"critical\"") };
        var oneOff = new[] { AlertMatcher.Parse("alertname=\"RouterDown\""), AlertMatcher.Parse("severity=\"warning\"") };

        Assert.True(AlertMatcher.MatchesAll(both, Labels));
        Assert.False(AlertMatcher.MatchesAll(oneOff, Labels));
    }
}
