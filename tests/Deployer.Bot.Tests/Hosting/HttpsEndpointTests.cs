using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Deployer.Bot.Extensions;
using Deployer.Bot.Hosting;
using Deployer.Bot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Deployer.Bot.Tests.Hosting;

/// <summary>The host is built on the slim builder; an https URL given at start must still get HTTPS set up.</summary>
public sealed class HttpsEndpointTests
{
    [Fact]
    public async Task An_https_url_on_the_command_line_serves_healthz_over_tls()
    {
        using var root = new TempDir();
        TestBot.Prepare(root);
        var certificate = root.File("tls.pfx");
        await File.WriteAllBytesAsync(certificate, SelfSignedPfx("tls-test"));

        var builder = DeployerHost.CreateBuilder(
            ["--Urls=https://127.0.0.1:0", $"--Kestrel:Certificates:Default:Path={certificate}", "--Kestrel:Certificates:Default:Password=tls-test"],
            root.Path);
        var settings = TestBot.Settings(root.Path);
        settings.Remove("Urls");
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.AddDeployer();
        await using var app = builder.Build();
        app.MapDeployer();
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            Assert.StartsWith("https://", address, StringComparison.Ordinal);
            using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Subject == "CN=localhost" };
            using var client = new HttpClient(handler);

            using var response = await client.GetAsync(new Uri(new Uri(address), "/healthz"));

            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static byte[] SelfSignedPfx(string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        var now = DateTimeOffset.UtcNow;
        using var cert = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        return cert.Export(X509ContentType.Pfx, password);
    }
}
