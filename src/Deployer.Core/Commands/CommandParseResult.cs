using System.Diagnostics.CodeAnalysis;

namespace Deployer.Core.Commands;

/// <summary>Either a command or a short, specific error with the usage that would have worked.</summary>
public sealed record CommandParseResult
{
    private CommandParseResult(ChatCommand? command, string? error, string? usage)
    {
        Command = command;
        Error = error;
        Usage = usage;
    }

    public ChatCommand? Command { get; }

    /// <summary>What was wrong, e.g. <c>No service `routr`. Known: api, router.</c></summary>
    public string? Error { get; }

    /// <summary>The usage lines of the verb (or of every verb when the verb itself was unknown).</summary>
    public string? Usage { get; }

    [MemberNotNullWhen(true, nameof(Command))]
    [MemberNotNullWhen(false, nameof(Error), nameof(Usage))]
    public bool Succeeded => Command is not null;

    public static CommandParseResult Ok(ChatCommand command) => new(command, null, null);

    public static CommandParseResult Fail(string error, string usage) => new(null, error, usage);
}
