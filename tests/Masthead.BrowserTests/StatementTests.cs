using Masthead.BrowserTests.Infrastructure;
using Masthead.BrowserTests.Pages;
using Masthead.Features.Campaigns;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Masthead.BrowserTests;

/// <summary>A reader signs a statement and confirms by the emailed link; signs twice; withdraws; finds it woven into an article.</summary>
public sealed class StatementTests(PaperFixture paper) : PaperTest(paper)
{
    [Fact]
    public async Task A_reader_signs_confirms_through_the_emailed_link_and_sees_the_count_go_up()
    {
        var statement = await Paper.Host.OpenStatementAsync();
        var email = Inbox.NewAddress("reader");
        var page = await OpenPageAsync();
        await page.GotoAsync(statement.Path);
        await Expect(Count(page)).ToHaveTextAsync("No one has signed yet");

        await SignAsync(page, "Nadia Reader", email, "Sheffield");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("we have emailed you a link");

        var mail = Assert.Single(await Inbox.WaitForTextsAsync(email));
        // The link leads back to the statement, which thanks the reader and counts them.
        await page.GotoAsync(Inbox.Link(mail, "/confirm/"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(statement.Title);
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Thank you — your signature counts");
        await Expect(Count(page)).ToHaveTextAsync("1 person has signed");

        await page.GotoAsync(statement.Path);
        await Expect(Count(page)).ToHaveTextAsync("1 person has signed");
        await Expect(page.GetByRole(AriaRole.List).Filter(new() { HasText = "Nadia Reader" })).ToContainTextAsync("Nadia Reader, Sheffield");
    }

    [Fact]
    public async Task Signing_twice_with_the_same_email_does_not_count_twice()
    {
        var statement = await Paper.Host.OpenStatementAsync();
        var email = Inbox.NewAddress("twice");
        var page = await OpenPageAsync();
        await page.GotoAsync(statement.Path);
        await SignAsync(page, "Tom Twice", email, "Derby");
        await page.GotoAsync(Inbox.Link(Assert.Single(await Inbox.WaitForTextsAsync(email)), "/confirm/"));
        await Expect(Count(page)).ToHaveTextAsync("1 person has signed");

        await page.GotoAsync(statement.Path);
        await SignAsync(page, "Tom Twice", email, "Derby");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You have already signed this statement");
        await Expect(Count(page)).ToHaveTextAsync("1 person has signed");
        await page.ReloadAsync();
        await Expect(Count(page)).ToHaveTextAsync("1 person has signed");
    }

    [Fact]
    public async Task Withdrawing_through_the_emailed_link_removes_the_name_and_the_count()
    {
        var statement = await Paper.Host.OpenStatementAsync();
        var email = Inbox.NewAddress("withdraws");
        var page = await OpenPageAsync();
        await page.GotoAsync(statement.Path);
        await SignAsync(page, "Wendy Withdraws", email, "Luton");
        var mail = Assert.Single(await Inbox.WaitForTextsAsync(email));
        await page.GotoAsync(Inbox.Link(mail, "/confirm/"));
        await page.GotoAsync(statement.Path);
        await Expect(page.GetByText("Wendy Withdraws")).ToBeVisibleAsync();

        await page.GotoAsync(Inbox.Link(mail, "/withdraw/"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Withdraw my signature" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("has been withdrawn");

        await page.GotoAsync(statement.Path);
        await Expect(Count(page)).ToHaveTextAsync("No one has signed yet");
        await Expect(page.GetByText("Wendy Withdraws")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_editor_places_a_statement_and_an_event_in_an_article_and_a_reader_sees_the_cards()
    {
        var statement = await Paper.Host.OpenStatementAsync(target: 50);
        // The demo paper's upcoming event (Development seeds it), its address on a line of its own.
        const string eventPath = "/events/peoples-assembly-on-housing";
        const string eventTitle = "People's assembly on housing: who owns the city?";
        var article = TestArticle.Unique();
        article = article with
        {
            Body = article.Body + $"\n\n{Paper.Host.BaseAddress.ToString().TrimEnd('/')}{statement.Path}\n\nThe branch meets again on Tuesday."
                + $"\n\n{Paper.Host.BaseAddress.ToString().TrimEnd('/')}{eventPath}\n\nBring a friend.",
        };
        var newsroom = await OpenNewsroomAsync();
        var editor = await ArticleEditor.OpenBlankAsync(newsroom);
        await editor.FillAsync(article);
        await editor.PublishNowAsync();
        await Expect(editor.Notice).ToHaveTextAsync("Published. Readers can see it now.");

        var reader = await OpenPageAsync();
        await reader.GotoAsync(article.Path);
        var eventCard = reader.GetByRole(AriaRole.Complementary, new() { Name = $"Event: {eventTitle}" });
        await Expect(eventCard).ToBeVisibleAsync();
        await Expect(eventCard.GetByRole(AriaRole.Link, new() { Name = "Register" })).ToHaveAttributeAsync("href", eventPath);
        // The card replaces the bare link: its title and its button are the only links to the event.
        await Expect(reader.Locator($".article__body a[href='{eventPath}']")).ToHaveCountAsync(2);

        var card = reader.GetByRole(AriaRole.Complementary, new() { Name = $"Statement: {statement.Title}" });
        await Expect(card).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync("No one has signed yet · target 50");
        await card.GetByRole(AriaRole.Link, new() { Name = "Sign the statement" }).ClickAsync();

        await Expect(reader.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(statement.Title);
        var featured = reader.GetByRole(AriaRole.Region, new() { Name = "Featured in" });
        await Expect(featured.GetByRole(AriaRole.Link, new() { Name = article.Headline })).ToHaveAttributeAsync("href", article.Path);
    }

    private static ILocator Count(IPage page) => page.Locator("[data-statement=count]");

    private static async Task SignAsync(IPage page, string name, string email, string town)
    {
        var form = page.GetByRole(AriaRole.Region, new() { Name = "Sign the statement" });
        await form.GetByRole(AriaRole.Textbox, new() { Name = "Your name" }).FillAsync(name);
        await form.GetByRole(AriaRole.Textbox, new() { Name = "Email" }).FillAsync(email);
        await form.GetByRole(AriaRole.Textbox, new() { Name = "Town" }).FillAsync(town);
        await form.GetByLabel("Show my name among the signatories").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Sign", Exact = true }).ClickAsync();
    }
}
