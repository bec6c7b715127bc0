using System.Text.Json;
using Deployer.Slack.Inbound;

namespace Deployer.Slack.Tests.Inbound;

/// <summary><see cref="InteractionPayloadParser.TryParseViewSubmission(JsonElement, out ViewSubmissionPayload?)"/> on Slack's documented payload shape.</summary>
public sealed class ViewSubmissionParserTests
{
    // The shape of Slack's view_submission reference example, with a text input, a chosen and an unchosen select.
    private const string Documented = """
        {
          "type": "view_submission",
          "team": { "id": "T0MJRM1A7", "domain": "pandamonium" },
          "user": { "id": "U0MJRG1AL", "username": "aoberoi", "name": "aoberoi", "team_id": "T0MJRM1A7" },
          "api_app_id": "A0MJRMT3D",
          "token": "xxxx",
          "trigger_id": "12466734323.1395872398",
          "view": {
            "id": "VNHU13V36",
            "type": "modal",
            "title": { "type": "plain_text", "text": "Force promote" },
            "private_metadata": "shhh-its-secret",
            "callback_id": "modal-with-inputs",
            "state": {
              "values": {
                "multi-line": { "ml-value": { "type": "plain_text_input", "value": "This is my example inputted value" } },
                "stage": {
                  "pick": { "type": "static_select", "selected_option": { "text": { "type": "plain_text", "text": "production", "emoji": true }, "value": "prod" } },
                  "pick2": { "type": "static_select", "selected_option": null }
                }
              }
            },
            "hash": "156663117.cd33ad1f",
            "blocks": []
          },
          "response_urls": []
        }
        """;

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    [Fact]
    public void Parses_the_documented_payload()
    {
        Assert.True(InteractionPayloadParser.TryParseViewSubmission(Json(Documented), out var payload));

        Assert.Equal("U0MJRG1AL", payload.UserId);
        Assert.Equal("aoberoi", payload.UserName);
        Assert.Equal("T0MJRM1A7", payload.TeamId);
        Assert.Equal("VNHU13V36", payload.ViewId);
        Assert.Equal("modal-with-inputs", payload.CallbackId);
        Assert.Equal("shhh-its-secret", payload.PrivateMetadata);
        Assert.Equal("12466734323.1395872398", payload.TriggerId);
        Assert.Equal("A0MJRMT3D", payload.ApiAppId);
        Assert.Equal(new ViewStateValue("plain_text_input", "This is my example inputted value", null), payload.Values["multi-line"]["ml-value"]);
        Assert.Equal(new ViewStateValue("static_select", null, "prod"), payload.Values["stage"]["pick"]);
        Assert.Equal("prod", payload.Get("stage", "pick"));
        Assert.Null(payload.Get("stage", "pick2"));
        Assert.Null(payload.Get("stage", "nope"));
    }

    [Fact]
    public void Block_actions_and_other_types_are_not_submissions()
    {
        Assert.False(InteractionPayloadParser.TryParseViewSubmission(Json(InteractionPayloadParserTests.BlockActionsJson), out _, out var problem));
        Assert.Equal("not a view_submission payload", problem);
        Assert.False(InteractionPayloadParser.TryParseViewSubmission(Json("[]"), out _));
        Assert.False(InteractionPayloadParser.TryParseJson(Json(Documented), out _));
    }

    [Fact]
    public void Text_prefers_the_typed_value_then_the_selected_option()
    {
        Assert.Equal("typed", new ViewStateValue("plain_text_input", "typed", null).Text);
        Assert.Equal("opt", new ViewStateValue("static_select", null, "opt").Text);
        Assert.Null(new ViewStateValue("datepicker", null, null).Text);
    }
}
