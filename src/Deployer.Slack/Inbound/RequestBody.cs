namespace Deployer.Slack.Inbound;

/// <summary>The exact body bytes, or why there are none.</summary>
internal readonly record struct RequestBody(byte[] Bytes, RequestBodyFailure? Failure)
{
    public static RequestBody Refused(RequestBodyFailure failure) => new([], failure);
}
