using Deployer.Core.Decisions;

namespace Deployer.Core.Commands;

/// <summary>A request to promote one pair's upstream commit now, bypassing failing checks and holds.</summary>
public sealed record ForceRequest
{
    /// <summary>Short, typeable id (<c>approve k3f9q2</c>).</summary>
    public required string Id { get; init; }

    public required string Service { get; init; }
    public required string From { get; init; }
    public required string To { get; init; }

    /// <summary>The upstream commit at request time; the request only ever promotes this commit.</summary>
    public required string Commit { get; init; }

    public long Version { get; init; }
    public required string RequestedBy { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary><c>check: reason</c> for each check the promotion would bypass, at request time.</summary>
    public IReadOnlyList<string> BypassedChecks { get; init; } = [];

    public int RequiredApprovals { get; init; } = 1;
    public IReadOnlyList<ForceApproval> Approvals { get; init; } = [];
    public ForceRequestStatus Status { get; init; } = ForceRequestStatus.Pending;

    /// <summary>Proceeded without approvals because of an open incident.</summary>
    public bool BreakGlass { get; init; }

    /// <summary>The open incidents that allowed break-glass.</summary>
    public IReadOnlyList<string> Incidents { get; init; } = [];

    /// <summary>Who rejected it.</summary>
    public string? DecidedBy { get; init; }

    /// <summary>Why it was rejected or expired, or how the promotion ended.</summary>
    public string? Note { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public string PairKey => PairDecision.KeyFor(Service, From, To);
    public string PairLabel => $"{From}→{To}";
    public string ShortCommit => Commit.Length > 7 ? Commit[..7] : Commit;
    public bool IsOpen => Status is ForceRequestStatus.Pending or ForceRequestStatus.Promoting;

    /// <summary>A fresh id: six characters from an unambiguous alphabet.</summary>
    public static string NewId()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        Span<char> id = stackalloc char[6];
        for (var i = 0; i < id.Length; i++)
        {
            id[i] = alphabet[System.Security.Cryptography.RandomNumberGenerator.GetInt32(alphabet.Length)];
        }

        return new string(id);
    }
}
