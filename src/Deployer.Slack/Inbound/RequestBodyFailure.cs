namespace Deployer.Slack.Inbound;

/// <summary>Why a request body was refused.</summary>
internal enum RequestBodyFailure
{
    /// <summary>Over the size limit, declared or read (413).</summary>
    TooLarge,

    /// <summary>Fewer bytes arrived than Content-Length declared (400).</summary>
    Truncated,

    /// <summary>More bytes arrived than Content-Length declared (400).</summary>
    LongerThanDeclared,
}
