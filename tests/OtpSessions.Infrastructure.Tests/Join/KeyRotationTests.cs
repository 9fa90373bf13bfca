using System.Security.Cryptography;
using OtpSessions.Core.Deliveries;
using OtpSessions.Core.Auth;
using OtpSessions.Core.Join;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Infrastructure.Tests.Join;

/// <summary>
/// Rotating <c>Otp__EncryptionKey</c> (the old key moves to <c>Otp__PreviousEncryptionKeys__0</c>): links and codes made
/// with the old key keep working — the customer enters with the old link and code, the agent reads the old code, and a
/// resend of the old invitation carries the very same link — while everything new is made with the new key. Once a key
/// leaves the keyring, a code it sealed is expired (no attempt counted) and a link queued for sending fails cleanly.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class KeyRotationTests(StorageFixture storage)
{
    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static OtpKeyOptions Keys(string current, params string[] previous)
    {
        var options = new OtpKeyOptions { EncryptionKey = current };
        foreach (var key in previous)
        {
            options.PreviousEncryptionKeys.Add(key);
        }
        return options;
    }

    /// <summary>The next app on the same storage with <paramref name="keys"/>, its clock <paramref name="later"/> than <paramref name="previous"/>'s.</summary>
    private JoinTestApp Restart(JoinTestApp previous, OtpKeyOptions keys, TimeSpan later)
    {
        var next = new JoinTestApp(storage, keys: keys);
        next.Sessions.Time.SetUtcNow(previous.Sessions.Time.GetUtcNow() + later);
        return next;
    }

    private static async Task<(SessionView View, string PrimaryLink, string CosignerLink)> StartAsync(JoinTestApp app, AgentPrincipal agent)
    {
        var view = await app.Sessions.StartAsync(agent);
        return (view, app.Sessions.InviteTokenOf(await app.ParticipantAsync(view.SessionId, view.Participants[0].ParticipantId)),
            app.Sessions.InviteTokenOf(await app.ParticipantAsync(view.SessionId, view.Participants[1].ParticipantId)));
    }

    [Fact]
    public async Task Rotating_twice_keeps_old_links_and_codes_working_and_a_code_of_a_dropped_key_is_expired_not_a_wrong_guess()
    {
        var (k1, k2, k3) = (NewKey(), NewKey(), NewKey());
        var agent = SessionTestApp.Agent();

        // K1: a session whose two participants each get a code.
        var withK1 = new JoinTestApp(storage, keys: Keys(k1));
        var (s1, primaryLink, cosignerLink) = await StartAsync(withK1, agent);
        var (primary, cosigner) = (s1.Participants[0].ParticipantId, s1.Participants[1].ParticipantId);
        Assert.True((await withK1.Join.RequestOtpAsync(JoinTestApp.Invite(primaryLink), CancellationToken.None)).IsSuccess);
        Assert.True((await withK1.Join.RequestOtpAsync(JoinTestApp.Invite(cosignerLink), CancellationToken.None)).IsSuccess);
        var (primaryCode, cosignerCode) = (await withK1.CodeOfAsync(s1.SessionId, primary), await withK1.CodeOfAsync(s1.SessionId, cosigner));

        // K2 current, K1 previous: a second session, its code sealed with K2.
        var withK2 = Restart(withK1, Keys(k2, k1), TimeSpan.FromMinutes(1));
        var (s2, s2Link, _) = await StartAsync(withK2, agent);
        var s2Primary = s2.Participants[0].ParticipantId;
        Assert.True((await withK2.Join.RequestOtpAsync(JoinTestApp.Invite(s2Link), CancellationToken.None)).IsSuccess);
        var s2Code = await withK2.CodeOfAsync(s2.SessionId, s2Primary);

        // K3 current, K2 and K1 previous: every old link and code still works, and a resend carries the same old link.
        var withK3 = Restart(withK2, Keys(k3, k2, k1), TimeSpan.FromMinutes(1));
        var first = await withK3.Join.VerifyAsync(JoinTestApp.Invite(primaryLink), new VerifyInput(primaryCode), CancellationToken.None);
        Assert.True(first.IsSuccess, first.Failure?.Detail);
        var second = await withK3.Join.VerifyAsync(JoinTestApp.Invite(s2Link), new VerifyInput(s2Code), CancellationToken.None);
        Assert.True(second.IsSuccess, second.Failure?.Detail);
        await withK3.Sessions.DrainInvitationsAsync();
        var resendOutcome = await withK3.Sessions.Service.ResendInvitationAsync(agent, s2.SessionId, s2Primary, CancellationToken.None);
        Assert.True(resendOutcome.IsSuccess, resendOutcome.Failure?.Detail);
        var resend = Assert.Single(await withK3.Sessions.DrainInvitationsAsync());
        Assert.Equal(DeliveryWorkStatus.Sent, (await withK3.Sessions.Delivery.SendAsync(resend, CancellationToken.None)).Status);
        var resent = Assert.Single(withK3.Sessions.Email.Invocations).Arguments.OfType<EmailMessage>().Single();
        Assert.Contains("#" + s2Link, resent.Content.PlainText, StringComparison.Ordinal);
        // A resend of the K1 link is queued just before K1 is dropped.
        Assert.True((await withK3.Sessions.Service.ResendInvitationAsync(agent, s1.SessionId, cosigner, CancellationToken.None)).IsSuccess);
        var queuedWithK1 = Assert.Single(await withK3.Sessions.DrainInvitationsAsync());

        // K1 and K2 dropped: the cosigner's code (sealed with K1) is expired, not a wrong guess.
        var k3Only = Restart(withK3, Keys(k3), TimeSpan.FromMinutes(1));
        var attemptsBefore = (await k3Only.ParticipantAsync(s1.SessionId, cosigner)).OtpState.FailedAttempts;
        var refused = await k3Only.Join.VerifyAsync(JoinTestApp.Invite(cosignerLink), new VerifyInput(cosignerCode), CancellationToken.None);
        Assert.Equal(OtpErrorCodes.OtpExpired, refused.Failure?.Code);
        var afterRefusal = await k3Only.ParticipantAsync(s1.SessionId, cosigner);
        Assert.Equal(attemptsBefore, afterRefusal.OtpState.FailedAttempts);
        Assert.Equal(0, afterRefusal.OtpState.Lockouts);
        // The customer asks for a new code (its link is still admitted by its stored hash) and gets a fresh one, all attempts left.
        var again = await k3Only.Join.RequestOtpAsync(JoinTestApp.Invite(cosignerLink), CancellationToken.None);
        Assert.True(again.IsSuccess, again.Failure?.Detail);
        Assert.Equal(new OtpPolicy().MaxAttempts, again.Value!.AttemptsRemaining);
        var fresh = await k3Only.CodeOfAsync(s1.SessionId, cosigner);
        var entered = await k3Only.Join.VerifyAsync(JoinTestApp.Invite(cosignerLink), new VerifyInput(fresh), CancellationToken.None);
        Assert.True(entered.IsSuccess, entered.Failure?.Detail);

        // The invitation queued with K1 completes without sending (no exception, so no poison message) and is failed.
        var work = await k3Only.Sessions.Delivery.SendAsync(queuedWithK1, CancellationToken.None);
        Assert.Equal(DeliveryWorkStatus.Failed, work.Status);
        Assert.Empty(k3Only.Sessions.Sms.Invocations);
        Assert.Equal(DeliveryStatus.Failed, (await k3Only.ParticipantAsync(s1.SessionId, cosigner)).Invitation.Status);
        // The agent's next resend makes a new link with the current key, and it goes out.
        k3Only.Sessions.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await k3Only.Sessions.Service.ResendInvitationAsync(agent, s1.SessionId, cosigner, CancellationToken.None)).IsSuccess);
        var renewed = await k3Only.ParticipantAsync(s1.SessionId, cosigner);
        Assert.Equal(k3Only.Sessions.Keyring.CurrentKeyId, renewed.Invitation.KeyId);
        var newLink = k3Only.Sessions.InviteTokenOf(renewed);
        Assert.NotEqual(cosignerLink, newLink);
        var renewal = Assert.Single(await k3Only.Sessions.DrainInvitationsAsync());
        Assert.Equal(DeliveryWorkStatus.Sent, (await k3Only.Sessions.Delivery.SendAsync(renewal, CancellationToken.None)).Status);
        await k3Only.DrainOtpMessagesAsync(s1.SessionId);
        await k3Only.DrainOtpMessagesAsync(s2.SessionId);
    }

    [Fact]
    public async Task After_a_key_rotation_links_and_codes_made_with_the_previous_key_keep_working()
    {
        var (oldKey, newKey) = (NewKey(), NewKey());
        var before = new JoinTestApp(storage, keys: new OtpKeyOptions { EncryptionKey = oldKey });
        var agent = SessionTestApp.Agent();
        // Manual OTP: the agent may read the code as soon as the participant reaches the OTP page.
        var view = await before.Sessions.StartAsync(agent, SessionTestApp.ManualPrimary());
        var pid = view.Participants[0].ParticipantId;
        var oldLink = before.Sessions.InviteTokenOf(await before.ParticipantAsync(view.SessionId, pid));
        Assert.True((await before.Join.RequestOtpAsync(JoinTestApp.Invite(oldLink), CancellationToken.None)).IsSuccess);
        var oldCode = await before.CodeOfAsync(view.SessionId, pid);

        var rotatedKeys = new OtpKeyOptions { EncryptionKey = newKey };
        rotatedKeys.PreviousEncryptionKeys.Add(oldKey);
        var after = new JoinTestApp(storage, keys: rotatedKeys);
        after.Sessions.Time.SetUtcNow(before.Sessions.Time.GetUtcNow() + TimeSpan.FromMinutes(1));

        // The agent reads the code made with the old key.
        var viewed = await after.AgentView.ViewAsync(agent, view.SessionId, pid, CancellationToken.None);
        Assert.Equal(oldCode, viewed.Value!.Code);
        // A resend of the invitation carries the same link, re-derived with the key that made it.
        Assert.True((await after.Sessions.Service.ResendInvitationAsync(agent, view.SessionId, pid, CancellationToken.None)).IsSuccess);
        Assert.Equal(DeliveryWorkStatus.Sent, (await after.Sessions.Delivery.SendAsync(SessionTestApp.InvitationMessage(view.SessionId, pid, 2), CancellationToken.None)).Status);
        var resent = Assert.Single(after.Sessions.Email.Invocations).Arguments.OfType<EmailMessage>().Single();
        Assert.Contains("#" + oldLink, resent.Content.PlainText, StringComparison.Ordinal);
        // The customer enters with the old link and the old code.
        var verified = await after.Join.VerifyAsync(JoinTestApp.Invite(oldLink), new VerifyInput(oldCode), CancellationToken.None);
        Assert.True(verified.IsSuccess, verified.Failure?.Detail);

        // Everything new is made with the new key; the old keyring cannot read it.
        var fresh = await after.Sessions.StartAsync(agent);
        var freshParticipant = await after.ParticipantAsync(fresh.SessionId, fresh.Participants[0].ParticipantId);
        Assert.Equal(after.Sessions.Keyring.CurrentKeyId, freshParticipant.Invitation.KeyId);
        Assert.NotEqual(before.Sessions.Keyring.CurrentKeyId, after.Sessions.Keyring.CurrentKeyId);
        var freshLink = after.Sessions.InviteTokenOf(freshParticipant);
        Assert.True((await after.Join.RequestOtpAsync(JoinTestApp.Invite(freshLink), CancellationToken.None)).IsSuccess);
        var freshCode = (await after.ParticipantAsync(fresh.SessionId, freshParticipant.ParticipantId)).OtpState;
        Assert.StartsWith($"v2.{after.Sessions.Keyring.CurrentKeyId}.", freshCode.ProtectedCode, StringComparison.Ordinal);
        Assert.False(before.Protector.TryUnprotect(freshCode.ProtectedCode!,
            new CodeBinding(fresh.SessionId, freshParticipant.ParticipantId, freshCode.CodeId!), out _));
        await after.Sessions.DrainInvitationsAsync();
        await after.DrainOtpMessagesAsync(view.SessionId);
        await after.DrainOtpMessagesAsync(fresh.SessionId);
    }
}
