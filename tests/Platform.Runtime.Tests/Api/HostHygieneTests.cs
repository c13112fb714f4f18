using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.Runtime.Tests.Api;

[TestFixture]
public sealed class HostHygieneTests() : ApiFixture(new SqliteTestDatabase())
{
    [Test]
    public void Requests_are_not_logged_one_by_one_at_information()
    {
        var loggers = Factory.Services.GetRequiredService<ILoggerFactory>();

        Assert.That(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information), Is.False);
        Assert.That(loggers.CreateLogger("Microsoft.AspNetCore.Routing.EndpointMiddleware").IsEnabled(LogLevel.Information), Is.False);
        Assert.That(loggers.CreateLogger("Platform.Api").IsEnabled(LogLevel.Information), Is.True);
    }

    [Test]
    public async Task Signing_in_with_an_unknown_email_costs_the_same_hashing_as_a_wrong_password()
    {
        // Not a speed measurement: without the dummy hash an unknown email answers about a hundred times faster.
        using var anonymous = Factory.CreateClient();
        async Task<double> MedianAsync(string email)
        {
            var times = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/auth/token", $$"""{ "email": "{{email}}", "password": "wrong" }""", client: anonymous), 401);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            return times.Order().ElementAt(2);
        }

        var known = await MedianAsync(AdminEmail);
        var unknown = await MedianAsync("nobody@example.com");

        Assert.That(unknown, Is.GreaterThan(known * 0.3), $"known {known:F1} ms, unknown {unknown:F1} ms");
    }
}
