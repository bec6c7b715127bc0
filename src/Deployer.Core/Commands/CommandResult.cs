using System.Diagnostics.CodeAnalysis;

namespace Deployer.Core.Commands;

/// <summary>A command's outcome: a value, or a refusal/failure message for the caller.</summary>
public sealed record CommandResult<T>
    where T : class
{
    private CommandResult(T? value, string? error, bool refused)
    {
        Value = value;
        Error = error;
        Refused = refused;
    }

    public T? Value { get; }
    public string? Error { get; }

    /// <summary>True when the caller lacked the role (audited as a refusal).</summary>
    public bool Refused { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Value is not null;

    public static CommandResult<T> Ok(T value) => new(value, null, false);

    public static CommandResult<T> Fail(string error) => new(null, error, false);

    public static CommandResult<T> Refusal(string why) => new(null, why, true);
}
