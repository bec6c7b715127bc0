namespace Deployer.Core.Manifests;

/// <summary>
/// The manifest JSON Schema (draft 2020-12), compiled in so validation never depends on the working directory.
/// It must equal <c>manifests/manifest.schema.json</c> (editors use that copy); a test fails when they drift.
/// </summary>
public static class ManifestSchema
{
    /// <summary>The schema's text.</summary>
    public const string Text = """
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://deployer.bot/schemas/manifest.schema.json",
  "title": "Deployer.Bot service manifest",
  "description": "One service's promotion pipeline: stages, targets and the checks that gate promotions between them.",
  "type": "object",
  "additionalProperties": false,
  "required": ["service", "stages"],
  "properties": {
    "$schema": { "type": "string" },
    "service": {
      "description": "Unique service name, used in chat commands.",
      "$ref": "#/$defs/name"
    },
    "repository": {
      "description": "Source repository.",
      "$ref": "#/$defs/repository"
    },
    "slack": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "channel": { "description": "Slack channel id or name decisions are announced in.", "type": "string", "minLength": 1 }
      }
    },
    "owners": {
      "description": "People or groups who own the service.",
      "type": "array",
      "items": { "type": "string", "minLength": 1 }
    },
    "platform": { "$ref": "#/$defs/platform" },
    "branch": {
      "description": "Only commits on this branch are promoted (enables the branch check).",
      "type": "string",
      "minLength": 1
    },
    "stages": {
      "description": "The pipeline, upstream first.",
      "type": "array",
      "minItems": 1,
      "items": { "$ref": "#/$defs/stage" }
    },
    "checks": { "$ref": "#/$defs/checks" }
  },
  "$defs": {
    "name": {
      "description": "a name of letters, digits, '.', '_' and '-'",
      "type": "string",
      "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$"
    },
    "repository": {
      "description": "a repository like owner/name",
      "type": "string",
      "pattern": "^[^/\\s]+/[^/\\s]+$"
    },
    "hours": {
      "description": "a time range like 09:00-16:00, or 22:00-06:00 to cross midnight",
      "type": "string",
      "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$"
    },
    "duration": {
      "description": "a duration like 90s, 30m, 2h, 1d or 1h30m",
      "type": "string",
      "pattern": "^(?=.*[0-9])([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?$"
    },
    "mode": {
      "description": "enforce blocks on failure; shadow only reports.",
      "enum": ["enforce", "shadow"]
    },
    "timestamp": {
      "description": "an ISO 8601 timestamp with offset like 2026-12-20T00:00:00Z",
      "type": "string",
      "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$"
    },
    "platform": {
      "type": "object",
      "additionalProperties": false,
      "required": ["kind"],
      "properties": {
        "kind": { "enum": ["local", "heroku", "command", "world"] },
        "pipeline": { "description": "heroku: the pipeline id or name.", "type": "string", "minLength": 1 },
        "current": { "description": "command: prints the current release of $DEPLOYER_TARGET as JSON.", "type": "string", "minLength": 1 },
        "promote": { "description": "command: promotes $DEPLOYER_COMMIT to $DEPLOYER_TARGET.", "type": "string", "minLength": 1 },
        "timeout": { "$ref": "#/$defs/duration" }
      }
    },
    "stage": {
      "type": "object",
      "additionalProperties": false,
      "required": ["name", "targets"],
      "properties": {
        "name": { "$ref": "#/$defs/name" },
        "targets": {
          "description": "Where this stage runs: apps, regions, shards.",
          "type": "array",
          "minItems": 1,
          "items": { "type": "string", "minLength": 1 }
        },
        "checks": { "$ref": "#/$defs/checks" }
      }
    },
    "checks": {
      "description": "Checks gating promotions; a stage's checks override the pipeline's check by check.",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "releaseAge": {
          "type": "object",
          "additionalProperties": false,
          "required": ["min"],
          "properties": {
            "min": { "$ref": "#/$defs/duration" },
            "mode": { "$ref": "#/$defs/mode" }
          }
        },
        "integrationTests": {
          "type": "object",
          "additionalProperties": false,
          "required": ["suite"],
          "properties": {
            "suite": { "type": "string", "minLength": 1 },
            "minRuntime": { "$ref": "#/$defs/duration" },
            "mode": { "$ref": "#/$defs/mode" }
          }
        },
        "incidents": {
          "type": "object",
          "additionalProperties": false,
          "required": ["services"],
          "properties": {
            "services": { "type": "array", "minItems": 1, "items": { "type": "string", "minLength": 1 } },
            "source": { "enum": ["pagerduty", "statuspage", "local"] },
            "mode": { "$ref": "#/$defs/mode" }
          }
        },
        "alerts": {
          "type": "array",
          "items": { "$ref": "#/$defs/alert" }
        },
        "branch": {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "name": { "type": "string", "minLength": 1 },
            "mode": { "$ref": "#/$defs/mode" }
          }
        },
        "window": {
          "type": "object",
          "additionalProperties": false,
          "required": ["timezone", "days", "hours"],
          "properties": {
            "timezone": { "description": "an IANA time zone like Europe/Dublin", "type": "string", "minLength": 1 },
            "days": {
              "type": "array",
              "minItems": 1,
              "uniqueItems": true,
              "items": { "enum": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] }
            },
            "hours": { "$ref": "#/$defs/hours" },
            "mode": { "$ref": "#/$defs/mode" }
          }
        },
        "freezes": {
          "type": "array",
          "items": {
            "type": "object",
            "additionalProperties": false,
            "required": ["from", "to", "reason"],
            "properties": {
              "from": { "$ref": "#/$defs/timestamp" },
              "to": { "$ref": "#/$defs/timestamp" },
              "reason": { "type": "string", "minLength": 1 }
            }
          }
        }
      }
    },
    "alert": {
      "type": "object",
      "additionalProperties": false,
      "required": ["name", "source"],
      "properties": {
        "name": { "type": "string", "minLength": 1 },
        "source": { "enum": ["alertmanager", "librato"] },
        "matchers": {
          "description": "alertmanager: matchers like alertname=\"RouterDown\"; an active alert matching all of them blocks.",
          "type": "array",
          "minItems": 1,
          "items": { "type": "string", "minLength": 1 }
        },
        "alertId": { "description": "librato: the alert id.", "type": "integer", "minimum": 1 },
        "stages": {
          "description": "Only gate promotions into these stages; every stage when absent.",
          "type": "array",
          "items": { "type": "string", "minLength": 1 }
        },
        "mode": { "$ref": "#/$defs/mode" }
      }
    }
  }
}
""";
}
