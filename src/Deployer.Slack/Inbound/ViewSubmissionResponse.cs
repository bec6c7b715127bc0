using System.Text.Json.Serialization;

namespace Deployer.Slack.Inbound;

/// <summary>The body answering a <c>view_submission</c> (HTTP response or Socket Mode ack payload), e.g. errors shown under fields.</summary>
public sealed class ViewSubmissionResponse
{
    private ViewSubmissionResponse(string responseAction, IReadOnlyDictionary<string, string>? errors)
    {
        ResponseAction = responseAction;
        ErrorsByBlockId = errors;
    }

    /// <summary>Slack's <c>response_action</c>: <c>errors</c>.</summary>
    public string ResponseAction { get; }

    /// <summary>block_id → message shown under that input block; the modal stays open.</summary>
    [JsonPropertyName("errors")]
    public IReadOnlyDictionary<string, string>? ErrorsByBlockId { get; }

    /// <summary>Keeps the modal open and shows each message under the input block with that block_id.</summary>
    public static ViewSubmissionResponse Errors(IReadOnlyDictionary<string, string> errorsByBlockId)
    {
        ArgumentNullException.ThrowIfNull(errorsByBlockId);
        if (errorsByBlockId.Count == 0)
        {
            throw new ArgumentException("An errors response needs at least one error.", nameof(errorsByBlockId));
        }

        return new ViewSubmissionResponse("errors", new Dictionary<string, string>(errorsByBlockId, StringComparer.Ordinal));
    }
}
