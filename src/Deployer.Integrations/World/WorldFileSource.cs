namespace Deployer.Integrations.World;

/// <summary>
/// Serves a world file to the world ports, re-reading it whenever it changes on disk. A broken edit keeps the last
/// good world in service and reports its problems in <see cref="Errors"/>.
/// </summary>
public sealed class WorldFileSource
{
    private readonly string _path;
    private readonly Lock _gate = new();
    private (DateTime Written, long Length)? _stamp;
    private WorldFile _current = WorldFile.Empty;
    private IReadOnlyList<WorldFileError> _errors = [];

    public WorldFileSource(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = Path.GetFullPath(path);
    }

    public string FilePath => _path;

    /// <summary>The world as last read successfully (empty until the first good read).</summary>
    public WorldFile Current
    {
        get
        {
            Refresh();
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>The problems of the last read; empty when it succeeded.</summary>
    public IReadOnlyList<WorldFileError> Errors
    {
        get
        {
            Refresh();
            lock (_gate)
            {
                return _errors;
            }
        }
    }

    /// <summary>Re-reads the file if its timestamp or length changed since the last read; returns true when it was read.</summary>
    public bool Refresh()
    {
        var info = new FileInfo(_path);
        (DateTime, long)? stamp = info.Exists ? (info.LastWriteTimeUtc, info.Length) : null;
        lock (_gate)
        {
            if (_stamp is not null && Equals(stamp, _stamp))
            {
                return false;
            }

            _stamp = stamp;
            if (stamp is null)
            {
                _errors = [new WorldFileError(Path.GetFileName(_path), "$", "file does not exist")];
                return true;
            }

            var result = WorldFile.Load(_path);
            if (result.Succeeded)
            {
                _current = result.World;
            }

            _errors = result.Errors;
            return true;
        }
    }
}
