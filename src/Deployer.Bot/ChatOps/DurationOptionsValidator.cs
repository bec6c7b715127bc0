using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.ChatOps;

/// <summary>Fails start-up for a duration setting that is neither <c>30m</c>-style nor <c>00:30:00</c>-style, naming the key.</summary>
internal sealed class DurationOptionsValidator<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(IConfigurationSection section)
    : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var failures = DurationBinding.DurationProperties<T>()
            .Select(p => (p.Name, Value: section[p.Name]))
            .Where(s => s.Value is not null && !DurationBinding.TryParse(s.Value, out _))
            .Select(s => $"{section.Path}:{s.Name} is '{s.Value}', which is not {DurationBinding.Expected}")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
