using System.Text.Json;
using Masthead.Features.Publishing;
using Masthead.Features.Readers;
using Masthead.Infrastructure.Auth;
using Masthead.Infrastructure.Payments;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.EntityFrameworkCore;

namespace Masthead.Features.Supporters;

public sealed class SupportersFeature : Feature
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public override void AddServices(IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SupportersOptions>().BindConfiguration(SupportersOptions.SectionName)
            .Validate(o => o.MaximumMonthlyPounds > 0, "Supporters:MaximumMonthlyPounds must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ISitemapSource>(new StandingPage("/support"));
        builder.Services.AddSingleton<SupporterEmails>();
        builder.Services.AddScoped<IPaymentHandler, SupporterEvents>();
        builder.Services.AddScoped<SandboxBilling>();
        builder.Services.AddScoped<SupporterExport>();
        builder.Services.AddScoped<IReaderAccountPart, SupporterAccountPart>();
    }

    public override void ConfigurePages(PageConventionCollection pages)
    {
        pages.AuthorizeFolder("/Supporters/Desk", Roles.Policies.Supporters);
        pages.AuthorizePage("/Supporters/MySupport", ReaderAccess.Policy);
    }

    public override void Map(WebApplication app)
    {
        // A reader's own data, on request: their supporter records and payments.
        var mine = app.MapGroup(SupporterAccountPart.PagePath).RequireAuthorization(ReaderAccess.Policy);
        mine.MapGet("/data.json", async (HttpContext http, SupporterExport export, CancellationToken ct) =>
            Download(http, await export.ForEmailAsync(http.User.ReaderEmail()!, ct), "my-support", json: true));
        mine.MapGet("/data.csv", async (HttpContext http, SupporterExport export, CancellationToken ct) =>
            Download(http, await export.ForEmailAsync(http.User.ReaderEmail()!, ct), "my-support", json: false));

        var staff = app.MapGroup("/supporters").RequireAuthorization(Roles.Policies.Supporters);
        staff.MapGet("/{id:int}/data.json", async (int id, HttpContext http, SupporterExport export, CancellationToken ct) =>
        {
            var data = await export.ForIdAsync(id, ct);
            return data.Supporters.Count == 0 ? Results.NotFound() : Download(http, data, $"supporter-{id}", json: true);
        });
        staff.MapGet("/export.csv", async (HttpContext http, Data.MastheadDb db, PaperClock clock, CancellationToken ct) =>
        {
            var filter = SupporterFilter.From(http.Request.Query, out var problem);
            if (problem is not null) return Results.Problem(problem, statusCode: StatusCodes.Status400BadRequest);
            var rows = await filter.Apply(db.Supporters.AsNoTracking().Include(s => s.Scheme), clock).OrderBy(s => s.Id).ToListAsync(ct);
            using var csv = SupporterList.Csv(rows, clock);
            return csv.File($"supporters-{clock.Today():yyyy-MM-dd}.csv");
        });
    }

    private static IResult Download(HttpContext http, SupporterExport.Data data, string name, bool json)
    {
        NoStore(http);
        if (json) return Results.File(JsonSerializer.SerializeToUtf8Bytes(data, Json), "application/json", $"{name}.json");
        using var csv = SupporterExport.Csv(data);
        return csv.File($"{name}.csv");
    }

    /// <summary>Personal data: never kept by a shared cache or the browser's.</summary>
    private static void NoStore(HttpContext http) => http.Response.Headers.CacheControl = "private, no-store";
}
