namespace Deployer.Slack.BlockKit;

/// <summary>A drop-down of fixed options (<c>static_select</c>), 1 to 100 of them.</summary>
public sealed class StaticSelectElement : InputElement
{
    /// <summary>Most options Slack accepts in one select.</summary>
    public const int MaxOptions = 100;

    public StaticSelectElement(string actionId, IEnumerable<SelectOption> options, string? placeholder = null, SelectOption? initialOption = null)
        : base(actionId, placeholder)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.ToArray();
        // Options are choices: dropping some silently would hide them from the user, so refuse instead.
        if (Options.Count is 0 or > MaxOptions)
        {
            throw new ArgumentException($"A static select needs 1 to {MaxOptions} options (was {Options.Count}).", nameof(options));
        }

        var duplicate = Options.GroupBy(o => o.Value, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Option values must be unique; '{duplicate.Key}' appears {duplicate.Count()} times.", nameof(options));
        }

        if (initialOption is not null)
        {
            // Slack requires initial_option to equal one of the options exactly; the listed one is sent.
            InitialOption = Options.FirstOrDefault(o => o.Value == initialOption.Value && o.Text.Text == initialOption.Text.Text)
                ?? throw new ArgumentException($"initial_option '{initialOption.Value}' is not one of the options.", nameof(initialOption));
        }
    }

    /// <summary>The options, in order.</summary>
    public IReadOnlyList<SelectOption> Options { get; }

    /// <summary>The option selected when the view opens, one of <see cref="Options"/>.</summary>
    public SelectOption? InitialOption { get; }
}
