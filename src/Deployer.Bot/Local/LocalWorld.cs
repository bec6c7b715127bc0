using Deployer.Integrations.World;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.Local;

/// <summary>
/// The local world file, re-read whenever it changes on disk (checked on every read, i.e. every cycle). A broken edit
/// is logged with its problems and the last good version stays in service.
/// </summary>
public sealed class LocalWorld
{
    private readonly WorldFileSource _source;
    private readonly ILogger _logger;

    public LocalWorld(string path, ILogger<LocalWorld> logger)
    {
        _source = new WorldFileSource(path);
        _logger = logger;
    }

    public string FilePath => _source.FilePath;

    /// <summary>The latest good world.</summary>
    public WorldFile Current
    {
        get
        {
            if (_source.Refresh())
            {
                Report();
            }

            return _source.Current;
        }
    }

    private void Report()
    {
        var errors = _source.Errors;
        if (errors.Count == 0)
        {
            _logger.LogInformation("Read world file {Path}", _source.FilePath);
            return;
        }

        _logger.LogError(
            "World file {Path} has {Count} problem(s); still using the last good version:{NewLine}{Errors}",
            _source.FilePath, errors.Count, Environment.NewLine, string.Join(Environment.NewLine, errors.Select(e => $"  {e}")));
    }
}
