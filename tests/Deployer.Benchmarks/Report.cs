using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Deployer.Benchmarks;

/// <summary>One scenario's figures: printed as a table for people, and as one JSON object with <c>--json</c>.</summary>
public sealed class Report(string scenario)
{
    private readonly List<(string Key, object? Value, string? Note)> _rows = [];
    private readonly List<(string Name, bool Met, string Detail)> _targets = [];
    private readonly List<string> _notes = [];

    public string Scenario => scenario;

    public bool AllMet => _targets.All(t => t.Met);

    public Report Add(string key, object? value, string? note = null)
    {
        _rows.Add((key, value, note));
        return this;
    }

    public Report Target(string name, bool met, string detail)
    {
        _targets.Add((name, met, detail));
        return this;
    }

    public Report Note(string note)
    {
        _notes.Add(note);
        return this;
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["scenario"] = scenario };
        foreach (var (key, value, _) in _rows)
        {
            json[key] = value switch
            {
                null => null,
                double d => JsonValue.Create(Math.Round(d, 3)),
                JsonNode node => node,
                _ => JsonSerializer.SerializeToNode(value),
            };
        }

        var targets = new JsonObject();
        foreach (var (name, met, detail) in _targets)
        {
            targets[name] = new JsonObject { ["met"] = met, ["detail"] = detail };
        }

        json["goals"] = targets;
        json["notes"] = new JsonArray([.. _notes.Select(n => (JsonNode)JsonValue.Create(n)!)]);
        return json;
    }

    public void Print(TextWriter output, bool json)
    {
        if (json)
        {
            output.WriteLine(ToJson().ToJsonString());
            return;
        }

        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"== {scenario} ==");
        var width = Math.Max(12, _rows.Count == 0 ? 0 : _rows.Max(r => r.Key.Length));
        foreach (var (key, value, note) in _rows)
        {
            var text = value switch
            {
                double d => d.ToString("0.###", CultureInfo.InvariantCulture),
                JsonNode n => n.ToJsonString(),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                null => "-",
                _ => value.ToString(),
            };
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {key.PadRight(width)}  {text}{(note is null ? "" : "   (" + note + ")")}");
        }

        foreach (var (name, met, detail) in _targets)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  [{(met ? "MET " : "MISS")}] {name}: {detail}");
        }

        foreach (var note in _notes)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  note: {note}");
        }

        output.Write(sb.ToString());
    }
}
