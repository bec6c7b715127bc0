using System.Globalization;
using Deployer.Core.Decisions;
using Deployer.Core.Ports;

namespace Deployer.Bot.Output;

/// <summary>Prints one line per decision change, e.g. <c>14:02:11 router staging→production 9f1c2ab BLOCKED release-age: …</c>.</summary>
public sealed class ConsoleDecisionNotifier(IConsoleOutput output) : IDecisionNotifier
{
    public Task DecisionChangedAsync(PairDecision? previous, PairDecision current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        return output.WriteLineAsync(Format(current), cancellationToken);
    }

    public static string Format(PairDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return $"{decision.At.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} {DecisionText.OneLine(decision)}";
    }
}
