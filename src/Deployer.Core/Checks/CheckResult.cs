namespace Deployer.Core.Checks;

/// <summary>One check's outcome on one pair, with a reason a person can act on at 3 a.m.</summary>
public sealed record CheckResult(string Check, CheckOutcome Outcome, string Reason)
{
    /// <summary>Shadow checks are evaluated and reported but never block.</summary>
    public bool Shadow { get; init; }

    /// <summary>When a failing check is expected to clear by itself (bake time, window opening), if known.</summary>
    public DateTimeOffset? ClearsAt { get; init; }

    /// <summary>How long the check took to answer (every result of one check run shares it); null when not measured.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>True when this result stops the promotion.</summary>
    public bool Blocks => !Shadow && Outcome != CheckOutcome.Pass;

    /// <summary><c>pass</c>, <c>fail</c>, <c>unknown</c> or <c>shadow-fail</c> (a shadow check that did not pass).</summary>
    public string OutcomeLabel => Outcome switch
    {
        CheckOutcome.Pass => "pass",
        _ when Shadow => "shadow-fail",
        CheckOutcome.Fail => "fail",
        _ => "unknown",
    };

    public static CheckResult Pass(string check, string reason) => new(check, CheckOutcome.Pass, reason);
    public static CheckResult Fail(string check, string reason) => new(check, CheckOutcome.Fail, reason);
    public static CheckResult Unknown(string check, string reason) => new(check, CheckOutcome.Unknown, reason);
}
