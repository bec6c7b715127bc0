using System.Text.Json;
using System.Text.Json.Nodes;
using Deployer.Slack.BlockKit;
using Deployer.Slack.Inbound;

namespace Deployer.Slack.Tests.BlockKit;

/// <summary>Modals, input blocks and their elements serialize to the JSON shapes of Slack's Block Kit reference.</summary>
public sealed class ModalSerializationTests
{
    private static void AssertJson(string expected, object value)
    {
        var actual = JsonNode.Parse(JsonSerializer.Serialize(value, SlackJson.Options));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"Expected {expected}\nbut was {actual?.ToJsonString()}");
    }

    [Fact]
    public void Plain_text_input_block_matches_slacks_shape()
    {
        Block block = new InputBlock("reason", "Why force it?", new PlainTextInputElement("reason_text", multiline: true, placeholder: "Incident link", initialValue: "see INC-1", maxLength: 500), hint: "Recorded in the audit log");

        AssertJson("""
            {
              "type": "input",
              "block_id": "reason",
              "label": { "type": "plain_text", "text": "Why force it?" },
              "element": {
                "type": "plain_text_input",
                "action_id": "reason_text",
                "placeholder": { "type": "plain_text", "text": "Incident link" },
                "multiline": true,
                "initial_value": "see INC-1",
                "max_length": 500
              },
              "hint": { "type": "plain_text", "text": "Recorded in the audit log" }
            }
            """, block);
    }

    [Fact]
    public void Optional_input_and_defaults_are_written_only_when_set()
    {
        AssertJson("""
            {"type":"input","block_id":"b","label":{"type":"plain_text","text":"Note"},"element":{"type":"plain_text_input","action_id":"a"},"optional":true}
            """, (Block)new InputBlock("b", "Note", new PlainTextInputElement("a"), optional: true));
        AssertJson("""
            {"type":"input","block_id":"b","label":{"type":"plain_text","text":"Note"},"element":{"type":"plain_text_input","action_id":"a"}}
            """, (Block)new InputBlock("b", "Note", new PlainTextInputElement("a")));
    }

    [Fact]
    public void Static_select_with_options_and_initial_option_matches_slacks_shape()
    {
        var production = new SelectOption("production", "prod");
        Block block = new InputBlock("stage", "Stage", new StaticSelectElement("stage_select", [new SelectOption("staging", "stg"), production], "Pick a stage", new SelectOption("production", "prod")));

        AssertJson("""
            {
              "type": "input",
              "block_id": "stage",
              "label": { "type": "plain_text", "text": "Stage" },
              "element": {
                "type": "static_select",
                "action_id": "stage_select",
                "placeholder": { "type": "plain_text", "text": "Pick a stage" },
                "options": [
                  { "text": { "type": "plain_text", "text": "staging" }, "value": "stg" },
                  { "text": { "type": "plain_text", "text": "production" }, "value": "prod" }
                ],
                "initial_option": { "text": { "type": "plain_text", "text": "production" }, "value": "prod" }
              }
            }
            """, block);
    }

    [Fact]
    public void Modal_view_matches_slacks_shape()
    {
        var view = new SlackView("Force promote", [new SectionBlock("*router* staging → production"), new InputBlock("reason", "Reason", new PlainTextInputElement("text"))],
            "force_request", privateMetadata: "{\"pipeline\":\"router\"}", submit: "Request", close: "Cancel");

        AssertJson("""
            {
              "type": "modal",
              "title": { "type": "plain_text", "text": "Force promote" },
              "blocks": [
                { "type": "section", "text": { "type": "mrkdwn", "text": "*router* staging → production" } },
                { "type": "input", "block_id": "reason", "label": { "type": "plain_text", "text": "Reason" }, "element": { "type": "plain_text_input", "action_id": "text" } }
              ],
              "callback_id": "force_request",
              "private_metadata": "{\"pipeline\":\"router\"}",
              "submit": { "type": "plain_text", "text": "Request" },
              "close": { "type": "plain_text", "text": "Cancel" }
            }
            """, view);
    }

    [Fact]
    public void Errors_response_matches_slacks_response_action_shape()
    {
        AssertJson("""
            {"response_action":"errors","errors":{"reason":"A reason is required","Stage_1":"Pick a stage"}}
            """, ViewSubmissionResponse.Errors(new Dictionary<string, string> { ["reason"] = "A reason is required", ["Stage_1"] = "Pick a stage" }));
        Assert.Throws<ArgumentException>(() => ViewSubmissionResponse.Errors(new Dictionary<string, string>()));
    }
}
