namespace Deployer.Integrations.Librato;

// Wire shape of GET /v1/alerts/status.

internal sealed record LibratoStatus
{
    public required List<LibratoAlertState> Firing { get; init; }
    public List<LibratoAlertState>? Cleared { get; init; }
}

internal sealed record LibratoAlertState
{
    public required long Id { get; init; }

    /// <summary>Unix seconds.</summary>
    public long? TriggeredAt { get; init; }
}
