using System.Diagnostics.CodeAnalysis;

namespace Deployer.Integrations.World;

/// <summary>A parsed world file, or every problem found in it.</summary>
public sealed record WorldParseResult(WorldFile? World, IReadOnlyList<WorldFileError> Errors)
{
    [MemberNotNullWhen(true, nameof(World))]
    public bool Succeeded => World is not null && Errors.Count == 0;

    /// <summary>The world, or throws <see cref="InvalidDataException"/> listing the errors.</summary>
    public WorldFile GetWorldOrThrow() =>
        Succeeded ? World : throw new InvalidDataException(string.Join(Environment.NewLine, Errors));
}
