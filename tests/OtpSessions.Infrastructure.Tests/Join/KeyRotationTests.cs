using System.Security.Cryptography;
using Moq;
using OtpSessions.Core.Join;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Infrastructure.Tests.Join;

/// <summary>
/// Rotating <c>Otp__EncryptionKey</c> (the old key moves to <c>Otp__PreviousEncryptionKeys__0</c>): links and codes made
/// with the old key keep working — the customer enters with the old link and code, the agent reads the old code, and a
/// resend of the old invitation carries the very same link — while everything new is made with the new key.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class KeyRotationTests(StorageFixture storage)
{
    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

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
        Assert.Equal(DeliveryWorkStatus.Sent, (await after.Sessions.Invitations.SendAsync(new InvitationMessage(view.SessionId, pid, 2), CancellationToken.None)).Status);
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
        var freshCode = (await after.ParticipantAsync(fresh.SessionId, freshParticipant.ParticipantId)).CurrentCode!;
        Assert.StartsWith($"v2.{after.Sessions.Keyring.CurrentKeyId}.", freshCode.ProtectedCode, StringComparison.Ordinal);
        Assert.False(before.Protector.TryUnprotect(freshCode.ProtectedCode!,
            new CodeBinding(fresh.SessionId, freshParticipant.ParticipantId, freshCode.CodeId), out _));
        await after.Sessions.DrainInvitationsAsync();
        await after.DrainOtpMessagesAsync(view.SessionId);
        await after.DrainOtpMessagesAsync(fresh.SessionId);
    }
}
