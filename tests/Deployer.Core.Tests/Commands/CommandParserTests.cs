using Deployer.Core.Commands;
using Deployer.Core.Tests.Commands.Fakes;

namespace Deployer.Core.Tests.Commands;

public sealed class CommandParserTests
{
    private readonly CommandParser _parser = new(CommandFixtures.Catalog, "/deployer");

    [Theory]
    [InlineData("", CommandVerb.Help)]
    [InlineData("help", CommandVerb.Help)]
    [InlineData("STATUS", CommandVerb.Status)]
    [InlineData("plan", CommandVerb.Plan)]
    [InlineData("whoami", CommandVerb.Whoami)]
    public void Parses_verbs_without_arguments(string text, CommandVerb verb)
    {
        var result = _parser.Parse(text);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(verb, result.Command.Verb);
        Assert.Null(result.Command.Manifest);
    }

    [Fact]
    public void Status_with_a_service_finds_it_case_insensitively()
    {
        var result = _parser.Parse("status  Router");

        Assert.True(result.Succeeded);
        Assert.Same(CommandFixtures.Router, result.Command.Manifest);
    }

    [Fact]
    public void Unknown_service_suggests_the_nearest_one_with_the_usage()
    {
        var result = _parser.Parse("status routr");

        Assert.False(result.Succeeded);
        Assert.Equal("No service `routr`. Did you mean `router`?", result.Error);
        Assert.Contains("/deployer status [service]", result.Usage);
    }

    [Fact]
    public void Unknown_service_far_from_every_known_one_lists_them()
    {
        var result = _parser.Parse("status payments");

        Assert.Equal("No service `payments`. Known: api, router.", result.Error);
    }

    [Fact]
    public void A_mistyped_verb_suggests_the_nearest_verb_with_only_its_usage()
    {
        var result = _parser.Parse("stauts router");

        Assert.False(result.Succeeded);
        Assert.Equal("Unknown command `stauts`. Did you mean `status`?", result.Error);
        Assert.Contains("/deployer status [service]", result.Usage);
        Assert.DoesNotContain("whoami", result.Usage);
    }

    [Fact]
    public void An_unknown_verb_lists_the_verbs_in_one_line_not_the_whole_help()
    {
        var result = _parser.Parse("deploy router");

        Assert.False(result.Succeeded);
        Assert.StartsWith("Unknown command `deploy`. Commands: `help`, `status`", result.Error);
        Assert.Contains("`whoami`", result.Error);
        Assert.Single(result.Usage.Split('\n'));
        Assert.Contains("/deployer help [verb]", result.Usage);
    }

    [Fact]
    public void Hold_with_stage_duration_and_reason()
    {
        var result = _parser.Parse("hold router PRODUCTION for 2h investigating 5xx spike");

        Assert.True(result.Succeeded, result.Error);
        var c = result.Command;
        Assert.Equal((CommandVerb.Hold, "router", "production", TimeSpan.FromHours(2), "investigating 5xx spike"), (c.Verb, c.Service, c.Stage, c.Duration, c.Reason));
    }

    [Fact]
    public void Hold_all_holds_the_whole_pipeline()
    {
        var result = _parser.Parse("hold router ALL release train paused");

        Assert.True(result.Succeeded, result.Error);
        Assert.Null(result.Command.Stage);
        Assert.Null(result.Command.Duration);
        Assert.Equal("release train paused", result.Command.Reason);
    }

    [Fact]
    public void A_mistyped_stage_is_an_error_with_did_you_mean_never_a_hold_of_the_whole_pipeline()
    {
        var result = _parser.Parse("hold router prod for 10m x");

        Assert.False(result.Succeeded);
        Assert.Equal("router has no stage `prod`. Did you mean `production`? Its stages: `staging`, `production`. To hold the whole pipeline say `all`.", result.Error);
        Assert.Contains("hold <service> <stage|all>", result.Usage);
    }

    [Theory]
    [InlineData("hold router production", "Say why")]
    [InlineData("hold router all for 2h", "Say why")]
    [InlineData("hold router", "Hold what? Name a stage of router (`production`) or `all`")]
    [InlineData("hold router release train paused", "router has no stage `release`.")]
    [InlineData("hold router prodution why", "Did you mean `production`?")]
    [InlineData("force router prodcution why", "Did you mean `production`?")]
    [InlineData("resume router prod", "Did you mean `production`?")]
    public void Stage_mistakes_are_named(string text, string expected)
    {
        var result = _parser.Parse(text);

        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Error);
    }

    [Fact]
    public void Resume_all_resumes_the_whole_pipeline()
    {
        var result = _parser.Parse("resume router all");

        Assert.True(result.Succeeded, result.Error);
        Assert.Null(result.Command.Stage);
    }

    [Theory]
    [InlineData("hold", "Which service?")]
    [InlineData("hold router production", "Say why")]
    [InlineData("hold router production for", "`for` needs a duration")]
    [InlineData("hold router all for soon because", "`soon` is not a duration")]
    [InlineData("hold router staging reason", "first stage")]
    [InlineData("force router", "Which stage of router? One of: `production`.")]
    [InlineData("force router canary hotfix", "router has no stage `canary`. Its stages: `staging`, `production`.")]
    [InlineData("force router production", "Say why")]
    [InlineData("force api dev why", "first stage")]
    [InlineData("resume", "Which service?")]
    [InlineData("resume router nowhere", "no stage `nowhere`")]
    [InlineData("approve", "Which request?")]
    [InlineData("approve abc def", "takes only the request id")]
    [InlineData("history", "Which service?")]
    [InlineData("history router 0", "not a count from 1 to 50")]
    [InlineData("history router lots", "not a count")]
    [InlineData("whoami please", "takes no arguments")]
    [InlineData("status router api", "at most one service")]
    public void Mistakes_get_a_specific_message(string text, string expected)
    {
        var result = _parser.Parse(text);

        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Error);
        Assert.False(string.IsNullOrEmpty(result.Usage));
    }

    [Fact]
    public void Force_keeps_the_whole_reason()
    {
        var result = _parser.Parse("force router production hotfix for INC-42 (customers down)");

        Assert.True(result.Succeeded);
        Assert.Equal(("production", "hotfix for INC-42 (customers down)"), (result.Command.Stage, result.Command.Reason));
    }

    [Fact]
    public void Reject_takes_an_optional_reason_and_lowercases_the_id()
    {
        var result = _parser.Parse("reject K3F9Q2 wait for the canary");

        Assert.Equal(("k3f9q2", "wait for the canary"), (result.Command!.RequestId, result.Command.Reason));
        Assert.Null(_parser.Parse("reject k3f9q2").Command!.Reason);
    }

    [Fact]
    public void History_defaults_to_ten_entries()
    {
        Assert.Equal(10, _parser.Parse("history router").Command!.Count);
        Assert.Equal(25, _parser.Parse("history router 25").Command!.Count);
    }

    [Fact]
    public void Help_on_a_verb_sets_the_topic()
    {
        Assert.Equal(CommandVerb.Force, _parser.Parse("help force").Command!.Topic);
        Assert.Contains("e.g. `/deployer hold router production for 2h", CommandUsage.All("/deployer"));
    }

    [Theory]
    [InlineData("hold router production db\u0000migration", "U+0000", 26)]
    [InlineData("hold router production \u001b[31mred", "U+001B", 24)]
    [InlineData("force router production hotfix\u007f", "U+007F", 31)]
    public void A_control_character_anywhere_is_refused_naming_it_and_its_position(string text, string code, int position)
    {
        var result = _parser.Parse(System.Text.RegularExpressions.Regex.Unescape(text));

        Assert.False(result.Succeeded);
        Assert.Equal($"The text contains a control character ({code}) at position {position}; only letters, symbols, spaces, tabs and newlines are allowed.", result.Error);
    }

    [Fact]
    public void Tabs_and_newlines_stay_allowed_in_reasons()
    {
        var result = _parser.Parse("hold router production db\tmigration\nsee INC-1");

        Assert.True(result.Succeeded, result.Error);
    }
}
