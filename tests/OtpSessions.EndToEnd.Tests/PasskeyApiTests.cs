using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Xunit;
using static OtpSessions.EndToEnd.Tests.CustomerTestKit;

namespace OtpSessions.EndToEnd.Tests;

/// <summary>
/// Passkeys over HTTP (the ceremonies themselves run in Chromium in the browser tests): the options' WebAuthn JSON
/// shapes, who may save one, what the policy switches off, and the answers for bad bodies.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PasskeyApiTests(AppFixture app)
{
    private readonly CustomerTestKit _kit = new(app);

    [Fact]
    public async Task After_a_code_the_registration_options_ask_for_user_verification_and_no_attestation_for_the_web_origin_host()
    {
        using var agent = app.Agent(NewAgentId());
        var (email, phone) = (NewEmail("dana"), NewPhone());
        await StartAsync(agent, Person("primary", "Dana Cole", Contact("email", email), Contact("sms", phone)));
        var token = await _kit.InviteTokenAsync(email);
        Assert.False((await JsonAsync(await _kit.OpenAsync(token), HttpStatusCode.OK))["authentication"]!["passkey"]!.GetValue<bool>());
        await JsonAsync(await _kit.RequestOtpAsync(token), HttpStatusCode.OK);
        var access = Text((await JsonAsync(await _kit.VerifyAsync(token, await _kit.CodeAsync(phone, 1)), HttpStatusCode.OK))["accessToken"]);

        var options = await JsonAsync(await _kit.SendAsync(HttpMethod.Post, "/api/me/passkeys/options", Bearer(access)), HttpStatusCode.OK);

        Assert.Equal("localhost", Text(options["rp"]!["id"]));  // the host of Web__BaseUrl (the sample settings' http://localhost:5173)
        Assert.Equal("required", Text(options["authenticatorSelection"]!["userVerification"]));
        Assert.Equal("preferred", Text(options["authenticatorSelection"]!["residentKey"]));
        Assert.Equal("none", Text(options["attestation"]));
        Assert.Empty(options["excludeCredentials"]!.AsArray());
        Assert.Equal(24, Convert.FromBase64String(Pad(Text(options["challenge"]))).Length);
        Assert.DoesNotContain(email, options.ToJsonString(), StringComparison.OrdinalIgnoreCase);  // the user handle is a keyed hash
        Assert.Empty((await JsonAsync(await _kit.SendAsync(HttpMethod.Get, "/api/me/passkeys", Bearer(access)), HttpStatusCode.OK))["passkeys"]!.AsArray());
        // A bad registration: the challenge is not one that was issued.
        await ProblemAsync(await _kit.SendAsync(HttpMethod.Post, "/api/me/passkeys", Bearer(access), new
        {
            id = "AAAA", rawId = "AAAA", type = "public-key", clientExtensionResults = new { },
            response = new { clientDataJSON = "eyJjaGFsbGVuZ2UiOiJBQUFBIn0", attestationObject = "AAAA", transports = Array.Empty<string>() },
        }), HttpStatusCode.BadRequest, "passkey_invalid");
        // Without a passkey there is nothing to enter with: the code stays the way in.
        await ProblemAsync(await _kit.SendAsync(HttpMethod.Post, "/api/join/passkey/options", Invite(token)), HttpStatusCode.Conflict, "passkey_not_available");
        await ProblemAsync(await _kit.SendAsync(HttpMethod.Post, "/api/me/passkeys/options", Bearer(null)), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task An_entry_without_a_code_may_not_save_a_passkey_and_a_team_without_passkeys_offers_none()
    {
        var team = "no-otp-pk-" + Guid.NewGuid().ToString("N")[..8];
        var policies = app.Azurite.Tables().GetTableClient("policies");
        await policies.CreateIfNotExistsAsync();
        await policies.UpsertEntityAsync(new TableEntity("team", team) { ["RequireOtp"] = false });
        using var relaxed = app.Agent(NewAgentId(), team);
        var email = NewEmail("dana");
        await StartAsync(relaxed, Person("primary", "Dana Cole", Contact("email", email)));
        var token = await _kit.InviteTokenAsync(email);
        var access = Text((await JsonAsync(await _kit.EnterAsync(token), HttpStatusCode.OK))["accessToken"]);

        await ProblemAsync(await _kit.SendAsync(HttpMethod.Post, "/api/me/passkeys/options", Bearer(access)), HttpStatusCode.Conflict, "passkey_not_available");

        var offTeam = "no-pk-" + Guid.NewGuid().ToString("N")[..8];
        await policies.UpsertEntityAsync(new TableEntity("team", offTeam) { ["AllowPasskeys"] = false });
        using var off = app.Agent(NewAgentId(), offTeam);
        var (offEmail, offPhone) = (NewEmail("lee"), NewPhone());
        await StartAsync(off, Person("primary", "Lee Cole", Contact("email", offEmail), Contact("sms", offPhone)));
        var offToken = await _kit.InviteTokenAsync(offEmail);
        await JsonAsync(await _kit.RequestOtpAsync(offToken), HttpStatusCode.OK);
        var offAccess = Text((await JsonAsync(await _kit.VerifyAsync(offToken, await _kit.CodeAsync(offPhone, 1)), HttpStatusCode.OK))["accessToken"]);
        await ProblemAsync(await _kit.SendAsync(HttpMethod.Post, "/api/me/passkeys/options", Bearer(offAccess)), HttpStatusCode.Conflict, "passkey_not_available");
        await ProblemAsync(await _kit.SendAsync(HttpMethod.Post, "/api/join/passkey/options", Invite(offToken)), HttpStatusCode.Conflict, "passkey_not_available");
        await ProblemAsync(await _kit.SendAsync(HttpMethod.Post, "/api/join/passkey/verify", Invite(offToken), new JsonObject()), HttpStatusCode.Conflict, "passkey_not_available");
    }

    private static string Pad(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - s.Length % 4) % 4);
    }
}
