using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.Startup;

/// <summary>
/// Runs the host's build and run, turning a configuration mistake or a busy port into one line per problem on stderr
/// (naming the key and its environment variable) and exit code <see cref="ExitCode"/>, never a stack trace.
/// </summary>
public static partial class StartupGuard
{
    /// <summary>The exit code of a start-up refused for bad configuration or a busy address.</summary>
    public const int ExitCode = 1;

    public static async Task<int> RunAsync(Func<Task<int>> run, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            return await run();
        }
        catch (Exception ex) when (Describe(ex) is { Count: > 0 } problems)
        {
            foreach (var problem in problems)
            {
                await error.WriteLineAsync($"Configuration error: {problem}");
            }

            return ExitCode;
        }
    }

    /// <summary>The readable lines for a start-up exception, or none when it is not a configuration problem.</summary>
    public static IReadOnlyList<string> Describe(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case AggregateException aggregate:
                    var all = aggregate.InnerExceptions.Select(Describe).ToList();
                    return all.Any(d => d.Count == 0) ? [] : all.SelectMany(d => d).Distinct().ToList();
                case OptionsValidationException validation:
                    return validation.Failures.Select(WithVariable).Distinct().ToList();
                case InvalidOperationException when ConversionFailure().Match(ex.Message) is { Success: true } m:
                    return [Conversion(m.Groups["value"].Value, m.Groups["key"].Value, m.Groups["type"].Value)];
                case IOException when ex.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || ex.GetType().Name == "AddressInUseException":
                    return [AddressInUse(ex.Message)];
            }
        }

        return [];
    }

    /// <summary><c>Slack:BotToken is required</c> → <c>Slack:BotToken (Slack__BotToken) is required</c>.</summary>
    public static string WithVariable(string failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (DataAnnotation().Match(failure) is { Success: true } annotated)
        {
            failure = annotated.Groups["error"].Value;
        }

        var key = LeadingKey().Match(failure);
        if (!key.Success || failure.Contains(Variable(key.Value), StringComparison.Ordinal))
        {
            return failure;
        }

        return $"{key.Value} ({Variable(key.Value)}){failure[key.Length..]}";
    }

    /// <summary>The environment variable .NET reads for a configuration key: <c>Slack:Mode</c> → <c>Slack__Mode</c>.</summary>
    public static string Variable(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    private static string Conversion(string value, string key, string typeName)
    {
        var type = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName, throwOnError: false)).FirstOrDefault(t => t is not null);
        var expected = type switch
        {
            { IsEnum: true } => $"one of {string.Join(", ", Enum.GetNames(type))}",
            // Sections that take the manifest form (30s) are bound without the binder's conversion; this one takes only a TimeSpan.
            not null when type == typeof(TimeSpan) => "a TimeSpan such as 00:00:45",
            not null when type == typeof(int) || type == typeof(long) => "a whole number",
            not null when type == typeof(bool) => "true or false",
            _ => $"a {type?.Name ?? typeName}",
        };
        var shown = value.Length == 0 ? "" : $" '{value}'";
        return $"{key} ({Variable(key)}): the value{shown} is not valid; use {expected}";
    }

    private static string AddressInUse(string message)
    {
        var address = BindAddress().Match(message) is { Success: true } m ? m.Groups["address"].Value : "the configured address";
        return $"{address} is in use; set Urls (environment variable Urls, or --Urls=http://127.0.0.1:5081) to a free address";
    }

    [GeneratedRegex(@"^[A-Z][A-Za-z0-9]*(?::[A-Za-z0-9_]+)+")]
    private static partial Regex LeadingKey();

    [GeneratedRegex(@"with the error: '(?<error>.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotation();

    [GeneratedRegex(@"configuration value (?:'(?<value>[^']*)' )?at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex ConversionFailure();

    [GeneratedRegex(@"address (?:https?://)?(?<address>[^\s:/]+:\d+)")]
    private static partial Regex BindAddress();
}
