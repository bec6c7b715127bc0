using Microsoft.Extensions.Options;

namespace Deployer.Bot.Local;

/// <summary>Checks <see cref="LocalOptions"/>, naming the offending key.</summary>
public sealed class LocalOptionsValidator : IValidateOptions<LocalOptions>
{
    public ValidateOptionsResult Validate(string? name, LocalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var s = options.Simulator;
        var errors = new List<string>();
        if (s.Interval < TimeSpan.FromMilliseconds(50))
        {
            errors.Add($"Local:Simulator:Interval must be at least 50ms (got {s.Interval})");
        }

        if (s.FirstReleaseAfter < TimeSpan.Zero)
        {
            errors.Add($"Local:Simulator:FirstReleaseAfter must not be negative (got {s.FirstReleaseAfter})");
        }

        if (s.TestDuration < TimeSpan.Zero)
        {
            errors.Add($"Local:Simulator:TestDuration must not be negative (got {s.TestDuration})");
        }

        if (s.OtherBranchRatio is < 0 or > 1 || double.IsNaN(s.OtherBranchRatio))
        {
            errors.Add($"Local:Simulator:OtherBranchRatio must be between 0 and 1 (got {s.OtherBranchRatio})");
        }

        if (s.TestFailureRatio is < 0 or > 1 || double.IsNaN(s.TestFailureRatio))
        {
            errors.Add($"Local:Simulator:TestFailureRatio must be between 0 and 1 (got {s.TestFailureRatio})");
        }

        if (s.BadReleaseRatio is < 0 or > 1 || double.IsNaN(s.BadReleaseRatio))
        {
            errors.Add($"Local:Simulator:BadReleaseRatio must be between 0 and 1 (got {s.BadReleaseRatio})");
        }

        if (s.BadReleaseAlertFor <= TimeSpan.Zero)
        {
            errors.Add($"Local:Simulator:BadReleaseAlertFor must be positive (got {s.BadReleaseAlertFor})");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
