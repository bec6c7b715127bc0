using Deployer.Core.Commands;

namespace Deployer.Core.Tests.Commands;

public sealed class SuggestionsTests
{
    [Theory]
    [InlineData("prod", "production")]
    [InlineData("prodution", "production")]
    [InlineData("stagign", "staging")]
    [InlineData("PRODCUTION", "production")]
    public void Suggests_by_prefix_or_small_edit_distance(string word, string expected) =>
        Assert.Equal(expected, Suggestions.Closest(word, ["staging", "production"]));

    [Theory]
    [InlineData("canary")]
    [InlineData("x")]
    [InlineData("s")]
    public void Suggests_nothing_when_every_candidate_is_far(string word) =>
        Assert.Null(Suggestions.Closest(word, ["staging", "production", "sandbox"]));

    [Fact]
    public void A_prefix_of_two_candidates_is_ambiguous_and_falls_back_to_distance() =>
        Assert.Null(Suggestions.Closest("st", ["staging", "stable"]));

    [Theory]
    [InlineData("status", "stauts", 1)]
    [InlineData("hold", "hodl", 1)]
    [InlineData("router", "routr", 1)]
    [InlineData("abc", "xyz", 3)]
    public void Distance_counts_inserts_deletes_substitutions_and_swaps(string a, string b, int expected) =>
        Assert.Equal(expected, Suggestions.Distance(a, b));
}
