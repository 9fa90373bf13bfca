using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OtpSessions.Browser.Tests;

/// <summary>One person as the agent types them into the "New session" dialog (no OTP address = manual OTP).</summary>
public sealed record Person(string Name, string InviteChannel, string InviteAddress, string? OtpAddress);

/// <summary>Drives the agent console the way an agent does: labels and roles, never CSS internals.</summary>
public sealed class ConsoleDriver(IPage page, BrowserStack fixture)
{
    public IPage Page => page;

    public async Task SignInAsync(string agentId, string team = "retail", params string[] roles)
    {
        await page.GotoAsync(new Uri(fixture.WebUrl, "/console").ToString());
        await page.GetByLabel("Agent id").FillAsync(agentId);
        await page.GetByLabel("Team").FillAsync(team);
        foreach (var role in roles)
        {
            await page.GetByLabel(role, new() { Exact = true }).CheckAsync();
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in (development)" }).ClickAsync();
        await Expect(page.GetByText($"Signed in as {agentId}")).ToBeVisibleAsync();
    }

    public async Task OpenNewSessionAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "New session", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "New session" })).ToBeVisibleAsync();
    }

    /// <summary>Fills person <paramref name="index"/> (0 = primary) of the open "New session" dialog.</summary>
    public async Task FillPersonAsync(int index, Person person)
    {
        var block = page.GetByRole(AriaRole.Group, new() { Name = index == 0 ? "Customer (primary)" : $"Cosigner {index}" });
        await block.GetByLabel("Name").FillAsync(person.Name);
        await block.GetByLabel(person.InviteChannel == "sms" ? "SMS" : "email", new() { Exact = true }).CheckAsync();
        await block.GetByLabel(person.InviteChannel == "sms" ? "Mobile number for the link" : "Email address for the link").FillAsync(person.InviteAddress);
        var auto = block.GetByLabel("Send the code automatically", new() { Exact = false });
        if (person.OtpAddress is null)
        {
            await auto.UncheckAsync();
        }
        else
        {
            if (!await auto.IsCheckedAsync())
            {
                await auto.CheckAsync();  // (a policy that requires a code channel shows it checked and disabled)
            }
            await block.GetByLabel(person.InviteChannel == "sms" ? "Email address for the code" : "Mobile number for the code").FillAsync(person.OtpAddress);
        }
    }

    /// <summary>Starts a session for the people and waits for its page; returns the session id.</summary>
    public async Task<string> StartSessionAsync(string reference, params Person[] people)
    {
        await OpenNewSessionAsync();
        for (var i = 0; i < people.Length; i++)
        {
            if (i > 0)
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Add a cosigner" }).ClickAsync();
            }
            await FillPersonAsync(i, people[i]);
        }
        await page.GetByLabel("Your reference").FillAsync(reference);
        await page.GetByRole(AriaRole.Button, new() { Name = "Start session and send invitations" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Session “{reference}”" })).ToBeVisibleAsync();
        return new Uri(page.Url).Fragment["#/sessions/".Length..];
    }

    /// <summary>The participant's card in the session view.</summary>
    public ILocator Participant(string name) => page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = name });

    /// <summary>The participant's status icon (a button that reveals the code on hover or focus).</summary>
    public ILocator StatusIcon(string name) => Participant(name).GetByRole(AriaRole.Button).First;
}
