using System.Net;
using Masthead.Features.Readers;
using Masthead.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Masthead.IntegrationTests.Security;

/// <summary>
/// Walks the application's whole endpoint table, so that no route added later can slip through:
/// every route is either on the public list below or sends anonymous visitors to sign-in and
/// answers 403 to a signed-in user who holds every role except the ones it admits.
/// </summary>
public sealed class EndpointAuthorizationTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    /// <summary>The routes a reader may use without signing in. Adding to this list is a decision, not a fix.</summary>
    private static readonly HashSet<string> PublicRoutes =
    [
        "", "articles/{slug}", "section/{slug}", "author/{slug}", "search", "error/{code:int?}",
        "signin", "signout", "feed.xml", "section/{slug}/feed.xml", "author/{slug}/feed.xml", "sitemap.xml", "robots.txt",
        "donate", "donate/thanks", "sandbox/checkout/{id:guid}", "webhooks/stripe",
        "api/fighting-fund", "api/fighting-fund/stream", "fighting-fund/embed", "fund",
        "my/signin", "my/signin/link", "my/signout",
        "statements/{slug}", "statements/{slug}/embed", "statements/{slug}/confirm/{token}", "statements/{slug}/withdraw/{token}",
        "events", "events/{slug}", "events/{slug}/cancel", "events.ics", "events/{slug}/calendar.ics",
        "support", "support/thanks", "sandbox/subscribe/{key:guid}",
        "shares", "shares/applied", "sandbox/shares/{id:guid}",
        // The load balancer's probes: they say "Healthy" or "Unhealthy" and nothing else.
        "healthz", "readyz",
    ];

    /// <param name="IsApi">JSON endpoints answer 401 (a script can't follow a redirect to a form); pages redirect to sign-in.</param>
    private sealed record Route(string Pattern, string Url, string[] Methods, IReadOnlyList<IAuthorizeData> Authorize, bool IsApi)
    {
        /// <summary>A reader's own page (supporters, members): signed in by an emailed link, not as staff.</summary>
        public bool IsReaders => Authorize.Any(a => a.Policy == ReaderAccess.Policy);
    }

    private IReadOnlyList<Route> Routes()
    {
        var source = app.Services.GetRequiredService<EndpointDataSource>();
        return source.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is not null)
            .Select(e =>
            {
                var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.ToArray() is { Length: > 0 } m ? m : ["GET", "POST"];
                var authorize = e.Metadata.GetMetadata<IAllowAnonymous>() is null
                    ? e.Metadata.GetOrderedMetadata<IAuthorizeData>()
                    : [];
                var isApi = e.Metadata.GetMetadata<IDisableCookieRedirectMetadata>() is not null;
                return new Route(e.RoutePattern.RawText!.Trim('/'), Url(e.RoutePattern.RawText!), methods, authorize, isApi);
            })
            .ToList();
    }

    /// <summary>A concrete address for a route template: every parameter filled with a plausible value.</summary>
    private static string Url(string template)
    {
        var parts = template.Trim('/').Split('/').Select(part => part switch
        {
            _ when part.StartsWith('{') && part.Contains(":int") => "1",
            _ when part.StartsWith('{') && part.Contains(":guid") => "00000000-0000-0000-0000-000000000001",
            _ when part.StartsWith('{') => "x",
            _ => part,
        });
        return "/" + string.Join('/', parts);
    }

    [Fact]
    public void Every_route_is_public_by_decision_or_protected()
    {
        var routes = Routes();
        Assert.True(routes.Count > 20, $"Only {routes.Count} routes found: the walk is not seeing the endpoint table.");
        var unprotected = routes.Where(r => r.Authorize.Count == 0).Select(r => r.Pattern).ToHashSet();
        Assert.Empty(unprotected.Except(PublicRoutes));
        Assert.Contains(routes, r => r.Pattern.StartsWith("newsroom") && r.Authorize.Count > 0);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_from_every_staff_route()
    {
        var client = app.CreateClient();
        foreach (var route in Routes().Where(r => r.Authorize.Count > 0))
        {
            foreach (var method in route.Methods)
            {
                var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), route.Url));
                if (route.IsApi)
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {route.Url} answered {(int)response.StatusCode}");
                    continue;
                }
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{method} {route.Url} answered {(int)response.StatusCode}");
                Assert.StartsWith(route.IsReaders ? ReaderAccess.SignInPath : "/signin", response.Headers.Location!.PathAndQuery);
            }
        }
    }

    [Fact]
    public async Task Staff_with_the_wrong_roles_are_forbidden_on_every_staff_route()
    {
        var policies = app.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var checkedRoutes = 0;
        foreach (var route in Routes().Where(r => r.Authorize.Count > 0))
        {
            var policy = await AuthorizationPolicy.CombineAsync(policies, route.Authorize);
            var admitted = policy!.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).ToHashSet();
            if (admitted.Count == 0) continue; // any signed-in staff member may use it (e.g. changing one's own password)

            var wrongRoles = Masthead.Infrastructure.Auth.Roles.All.Where(r => !admitted.Contains(r)).ToArray();
            var client = await app.SignedInClientAsync(wrongRoles);
            foreach (var method in route.Methods)
            {
                var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), route.Url));
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden,
                    $"{method} {route.Url} answered {(int)response.StatusCode} to a user with roles {string.Join(", ", wrongRoles)}");
            }
            checkedRoutes++;
        }
        Assert.True(checkedRoutes >= 8, $"Only {checkedRoutes} role-guarded routes were checked.");
    }

    [Fact]
    public async Task A_staff_sign_in_does_not_open_a_readers_pages()
    {
        var staff = await app.SignedInClientAsync(Masthead.Infrastructure.Auth.Roles.All);
        var readerRoutes = Routes().Where(r => r.IsReaders).ToList();
        Assert.NotEmpty(readerRoutes);
        foreach (var route in readerRoutes)
        {
            foreach (var method in route.Methods)
            {
                var response = await staff.SendAsync(new HttpRequestMessage(new HttpMethod(method), route.Url));
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{method} {route.Url} answered {(int)response.StatusCode}");
                Assert.StartsWith(ReaderAccess.SignInPath, response.Headers.Location!.PathAndQuery);
            }
        }
    }

    [Fact]
    public async Task The_right_role_gets_in()
    {
        var editor = await app.SignedInClientAsync(Roles.Editor);
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync("/newsroom")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync("/newsroom/settings")).StatusCode);
        var admin = await app.SignedInClientAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/newsroom/settings")).StatusCode);
        var campaigns = await app.SignedInClientAsync(Roles.Campaigns);
        Assert.Equal(HttpStatusCode.OK, (await campaigns.GetAsync("/campaigns")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await campaigns.GetAsync("/campaigns/statements/new")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await campaigns.GetAsync("/newsroom")).StatusCode);
    }

    [Theory]
    [InlineData(Roles.Finance)]
    [InlineData(Roles.Membership)]
    [InlineData(Roles.Admin)]
    public async Task Finance_and_membership_staff_both_look_after_supporters(string role)
    {
        var staff = await app.SignedInClientAsync(role);
        foreach (var url in new[] { "/supporters", "/supporters/schemes", "/supporters/new", "/supporters/export.csv" })
            Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync(url)).StatusCode);
        var editor = await app.SignedInClientAsync(Roles.Editor, Roles.Campaigns);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync("/supporters")).StatusCode);
    }
}
