namespace Deployer.Bot.Store;

/// <summary>One promotion intent and, once known, its outcome.</summary>
internal sealed class PromotionDocument
{
    public string Id { get; set; } = "";
    public string Service { get; set; } = "";
    public string ServiceKey { get; set; } = "";
    public string From { get; set; } = "";
    public string To { get; set; } = "";

    /// <summary>The pair key, lower-cased.</summary>
    public string PairKey { get; set; } = "";
    public string Commit { get; set; } = "";
    public long Version { get; set; }
    public string SourceTarget { get; set; } = "";
    public List<string> Targets { get; set; } = [];
    public string Trigger { get; set; } = "";
    public string Actor { get; set; } = "";
    public long StartedAtTicks { get; set; }
    public string? ExternalId { get; set; }
    public string Outcome { get; set; } = "";
    public bool Open { get; set; }
    public long? CompletedAtTicks { get; set; }
    public string? Message { get; set; }

    /// <summary><c>Promote</c> or <c>Rollback</c>; documents written before rollbacks existed have none and are promotions.</summary>
    public string? Kind { get; set; }

    /// <summary>Promote: each target's release before it; rollback: what each target returns to.</summary>
    public List<PreviousReleaseDocument>? Previous { get; set; }

    public string? FromCommit { get; set; }
    public string? RollbackOf { get; set; }
    public string? Reason { get; set; }

    /// <summary>Insertion order, so newest-first reads are stable even when two intents start in the same tick.</summary>
    public long Sequence { get; set; }

    /// <summary>
    /// <c>{serviceKey}|{sequence, 19 digits}</c>, indexed: a service's newest promotions are one index range scan read
    /// backwards, with no sort (LiteDB's sort allocates a 100-page buffer per query). Null in documents written before it
    /// existed until the ledger fills it in at start.
    /// </summary>
    public string? ServiceSequence { get; set; }
}
