using Microsoft.Playwright;

namespace Masthead.BrowserTests.Infrastructure;

/// <summary>Base for a test class in the paper collection: opens pages in their own contexts and closes them afterwards.</summary>
[Collection(PaperCollection.Name)]
[Trait("Needs", "Chromium")]
public abstract class PaperTest(PaperFixture paper) : IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];

    protected PaperFixture Paper { get; } = paper;

    protected async Task<IPage> OpenPageAsync(int width = 1280, int height = 900)
    {
        var page = await Paper.NewPageAsync(width, height);
        _contexts.Add(page.Context);
        return page;
    }

    /// <summary>A page signed in as the demo editor.</summary>
    protected async Task<IPage> OpenNewsroomAsync()
    {
        var page = await OpenPageAsync();
        await Pages.SignInPage.SignInAsDemoEditorAsync(page);
        return page;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts) await context.CloseAsync();
    }
}
