using Deployer.Core.Manifests;

namespace Deployer.Core.Tests.Manifests;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("90s", 0, 0, 90)]
    [InlineData("30m", 0, 30, 0)]
    [InlineData("2h", 2, 0, 0)]
    [InlineData("1d", 24, 0, 0)]
    [InlineData("1h30m", 1, 30, 0)]
    [InlineData("1d2h3m4s", 26, 3, 4)]
    [InlineData("0m", 0, 0, 0)]
    [InlineData(" 2H ", 2, 0, 0)]
    public void Parses_unit_suffixed_durations(string text, int hours, int minutes, int seconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(new TimeSpan(hours, minutes, seconds), duration);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("30")]
    [InlineData("m")]
    [InlineData("30 m")]
    [InlineData("1.5h")]
    [InlineData("-5m")]
    [InlineData("30m1h")]
    [InlineData("1h1h")]
    [InlineData("2w")]
    [InlineData("1h30")]
    [InlineData("99999999999999999999d")]
    [InlineData("9999999999999d")]
    public void Rejects_anything_else(string? text)
    {
        Assert.False(DurationParser.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.Zero, duration);
    }

    [Fact]
    public void Parse_throws_a_format_exception_naming_the_input() =>
        Assert.Contains("'soon'", Assert.Throws<FormatException>(() => DurationParser.Parse("soon")).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData(0, 90, 0, "1h30m")]
    [InlineData(0, 12, 0, "12m")]
    [InlineData(0, 0, 45, "45s")]
    [InlineData(26, 0, 5, "1d2h5s")]
    [InlineData(0, 0, 0, "0s")]
    public void Formats_the_shortest_form(int hours, int minutes, int seconds, string expected) =>
        Assert.Equal(expected, DurationParser.Format(new TimeSpan(hours, minutes, seconds)));

    [Fact]
    public void Format_drops_fractions_and_keeps_the_sign()
    {
        Assert.Equal("1m", DurationParser.Format(TimeSpan.FromSeconds(60.9)));
        Assert.Equal("-5m", DurationParser.Format(TimeSpan.FromMinutes(-5)));
    }

    [Theory]
    [InlineData("1h30m")]
    [InlineData("3d")]
    [InlineData("59s")]
    [InlineData("2d23h59m59s")]
    public void Format_round_trips_through_parse(string text) =>
        Assert.Equal(text, DurationParser.Format(DurationParser.Parse(text)));
}
