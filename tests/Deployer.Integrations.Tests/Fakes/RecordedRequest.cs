namespace Deployer.Integrations.Tests.Fakes;

/// <summary>One request the fake server saw.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>Every value of a query parameter, decoded.</summary>
    public IReadOnlyList<string> QueryValues(string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Query).TryGetValue(name, out var values)
            ? values.Select(v => v ?? "").ToList()
            : [];
}
