using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using Deployer.Core.Manifests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Deployer.Bot.ChatOps;

/// <summary>
/// Binds options whose <see cref="TimeSpan"/> properties accept both the manifest form (<c>30m</c>, <c>1h30m</c>)
/// and the TimeSpan form (<c>00:30:00</c>). The plain binder knows only the second and fails with a generic message.
/// </summary>
internal static class DurationBinding
{
    /// <summary>What a valid value looks like, for error messages.</summary>
    public const string Expected = "a duration like 90s, 30m, 1h30m or a TimeSpan like 00:30:00";

    /// <summary>
    /// Binds <paramref name="section"/> like <c>Bind</c>, converting durations first; a value that is neither form is
    /// left at its default here and reported, naming the key, by <see cref="DurationOptionsValidator{T}"/> at start-up.
    /// </summary>
    public static OptionsBuilder<T> BindWithDurations<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(
        this OptionsBuilder<T> builder, IConfigurationSection section)
        where T : class
    {
        builder.Configure(options => Normalize<T>(section).Bind(options));
        builder.Services.AddSingleton<IOptionsChangeTokenSource<T>>(new ConfigurationChangeTokenSource<T>(builder.Name, section));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>>(new DurationOptionsValidator<T>(section)));
        return builder;
    }

    /// <summary>Reads <paramref name="section"/> into a new <typeparamref name="T"/> (for values needed while registering services).</summary>
    public static T Get<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>(
        IConfigurationSection section)
        where T : class, new()
    {
        var options = new T();
        Normalize<T>(section).Bind(options);
        return options;
    }

    /// <summary>The TimeSpan form first (so existing values keep their meaning), then the manifest form.</summary>
    public static bool TryParse(string? text, out TimeSpan value) =>
        TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) || DurationParser.TryParse(text, out value);

    /// <summary>The writable <see cref="TimeSpan"/> properties of <typeparamref name="T"/>, by name.</summary>
    public static IEnumerable<PropertyInfo> DurationProperties<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>() =>
        typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && (p.PropertyType == typeof(TimeSpan) || p.PropertyType == typeof(TimeSpan?)));

    private static IConfiguration Normalize<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(IConfigurationSection section)
    {
        var durations = DurationProperties<T>().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in section.AsEnumerable(makePathsRelative: true))
        {
            if (key.Length == 0 || value is null)
            {
                continue;
            }

            if (!durations.Contains(key))
            {
                values[key] = value;
            }
            else if (TryParse(value, out var duration))
            {
                values[key] = duration.ToString("c", CultureInfo.InvariantCulture);
            }
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
