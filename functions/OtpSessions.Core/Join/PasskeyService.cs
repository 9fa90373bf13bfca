using OtpSessions.Core.Events;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Passkeys;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Join;

/// <summary>
/// Passkeys for returning participants: saving one after an entry with a code (or a passkey), listing and deleting them
/// (<c>/api/me/passkeys</c>, Bearer), and entering with one through the invite link instead of a code
/// (<c>/api/join/passkey/…</c>, Invite). A passkey belongs to the person's verified address (<see cref="PasskeyRules.AddressOf"/>,
/// named by <see cref="PasskeyOwners"/>), so a later session to the same address offers it. Challenges are single use and
/// short-lived, in storage shared by all instances. A failed assertion counts as a wrong attempt, with the code's lockout
/// rules (<see cref="OtpRules.VerifyOtherProof"/>), and the participant's entry is written as for a code
/// (<see cref="JoinService.SettleAsync"/>).
/// </summary>
public sealed class PasskeyService(
    JoinService join,
    ISessionStore sessions,
    IPasskeyStore passkeys,
    IPasskeyChallengeStore challenges,
    PasskeyOwners owners,
    IWebAuthn webAuthn,
    TimeProvider time)
{
    public static Failure NotAvailable(string detail) => new(FailureKind.Conflict, PasskeyErrorCodes.PasskeyNotAvailable, detail);

    public static Failure Invalid() =>
        new(FailureKind.Invalid, PasskeyErrorCodes.PasskeyInvalid, "The passkey could not be verified. Try again, or use a code instead.");

    public static Failure LimitReached() =>
        new(FailureKind.Conflict, PasskeyErrorCodes.PasskeyLimitReached,
            $"You already have {PasskeyRules.MaxPerPerson} passkeys. Delete one before saving another.");

    /// <summary><c>POST /api/me/passkeys/options</c>: creation options for the person behind the access token (null: 401).</summary>
    public async Task<Outcome<JsonElement>?> RegistrationOptionsAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (await RegistrantAsync(authorization, cancellationToken) is not { } registrant)
        {
            return null;
        }
        if (registrant.Refusal is { } refusal)
        {
            return refusal;
        }
        var existing = await passkeys.ListAsync(registrant.OwnerKey, cancellationToken);
        if (existing.Count >= PasskeyRules.MaxPerPerson)
        {
            return LimitReached();
        }
        var challenge = PasskeyChallenge.New(registrant.Holder, PasskeyCeremony.Registration, time.GetUtcNow() + PasskeyRules.ChallengeLifetime);
        await challenges.SaveAsync(challenge, cancellationToken);
        return webAuthn.RegistrationOptions(registrant.User, challenge, [.. existing.Select(p => p.PasskeyId)]);
    }

    /// <summary>
    /// <c>POST /api/me/passkeys</c>: verifies the browser's registration against its (single-use) challenge and saves the
    /// passkey under the person's address (event <c>participant.passkey_added</c>). Null: 401.
    /// </summary>
    public async Task<Outcome<PasskeyCreated>?> RegisterAsync(string? authorization, JsonElement response, CancellationToken cancellationToken)
    {
        if (await RegistrantAsync(authorization, cancellationToken) is not { } registrant)
        {
            return null;
        }
        if (registrant.Refusal is { } refusal)
        {
            return refusal;
        }
        var now = time.GetUtcNow();
        if (await ConsumeAsync(response, registrant.Holder, PasskeyCeremony.Registration, now, cancellationToken) is not { } challenge)
        {
            return Invalid();
        }
        if ((await passkeys.ListAsync(registrant.OwnerKey, cancellationToken)).Count >= PasskeyRules.MaxPerPerson)
        {
            return LimitReached();
        }
        if (await webAuthn.VerifyRegistrationAsync(response, registrant.User, challenge, cancellationToken) is not { } credential)
        {
            return Invalid();
        }
        var passkey = new Passkey(registrant.OwnerKey, credential.PasskeyId, credential.PublicKey, credential.SignCount, now, null);
        if (!await passkeys.AddAsync(passkey, cancellationToken))
        {
            return Invalid();
        }
        var (session, p) = (registrant.Snapshot.Terms, registrant.Snapshot.Participant);
        await sessions.CommitAsync(new SessionChange(session).Emit(EventTypes.ParticipantPasskeyAdded, now,
            new PasskeyAddedData(session.SessionId, session.Reference, p.ParticipantId, p.Role, passkey.PasskeyId)), cancellationToken);
        return new PasskeyCreated(passkey.PasskeyId, passkey.CreatedAt);
    }

    /// <summary><c>GET /api/me/passkeys</c>: the person's passkeys (null: 401).</summary>
    public async Task<PasskeyList?> ListAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (await HolderAsync(authorization, cancellationToken) is not { } holder)
        {
            return null;
        }
        var list = await passkeys.ListAsync(OwnerKeyOf(holder.Participant), cancellationToken);
        return new PasskeyList([.. list.Select(PasskeyView.Of)]);
    }

    /// <summary><c>DELETE /api/me/passkeys/{passkeyId}</c>: false only for a token that does not work (401); deleting one that is gone is done.</summary>
    public async Task<bool> DeleteAsync(string? authorization, string passkeyId, CancellationToken cancellationToken)
    {
        if (await HolderAsync(authorization, cancellationToken) is not { } holder)
        {
            return false;
        }
        await passkeys.DeleteAsync(OwnerKeyOf(holder.Participant), passkeyId, cancellationToken);
        return true;
    }

    /// <summary><c>POST /api/join/passkey/options</c>: request options allowing the person's passkeys.</summary>
    public Task<Outcome<JsonElement>> AuthenticationOptionsAsync(string? authorization, CancellationToken cancellationToken) =>
        join.OnLinkAsync<JsonElement>(authorization, LinkCheck.Valid, async (session, p, now) =>
        {
            if (!PasskeyRules.Allowed(session.Policy))
            {
                return NotAvailable("Passkeys are not used for this session.");
            }
            if (OtpRules.BlockedAt(p.OtpState, now) is { } blocked)
            {
                return blocked.ToFailure();
            }
            var existing = await passkeys.ListAsync(OwnerKeyOf(p), cancellationToken);
            if (existing.Count == 0)
            {
                return NotAvailable("No passkey was saved for you yet: use a code.");
            }
            var challenge = PasskeyChallenge.New(PasskeyChallenge.HolderOf(session.SessionId, p.ParticipantId), PasskeyCeremony.Authentication,
                now + PasskeyRules.ChallengeLifetime);
            await challenges.SaveAsync(challenge, cancellationToken);
            return webAuthn.AuthenticationOptions(challenge, [.. existing.Select(k => k.PasskeyId)]);
        }, cancellationToken);

    /// <summary>
    /// <c>POST /api/join/passkey/verify</c>: enters with a passkey instead of a code. The assertion is checked once — its
    /// challenge consumed, its signature and counter verified, the passkey's counter written back at its version — and that
    /// decision is then written to the participant (again after a version race, without checking the assertion twice).
    /// </summary>
    public Task<Outcome<AccessTokenView>> VerifyAsync(string? authorization, JsonElement response, CancellationToken cancellationToken)
    {
        bool? held = null;
        return join.OnLinkAsync<AccessTokenView>(authorization, LinkCheck.Valid, async (session, p, now) =>
        {
            if (!PasskeyRules.Allowed(session.Policy))
            {
                return NotAvailable("Passkeys are not used for this session.");
            }
            if (OtpRules.BlockedAt(p.OtpState, now) is { } blocked)
            {
                return blocked.ToFailure();
            }
            held ??= await AssertionHoldsAsync(response, session.SessionId, p, now, cancellationToken);
            var outcome = await join.SettleAsync(session, p, OtpRules.VerifyOtherProof(p.OtpState, session.Policy, now, held.Value),
                EntryMethod.Passkey, now, cancellationToken);
            return outcome.Failure is { Code: OtpErrorCodes.OtpInvalid } wrong
                ? Invalid() with { Extensions = wrong.Extensions }
                : outcome;
        }, cancellationToken);
    }

    private async Task<bool> AssertionHoldsAsync(JsonElement response, string sessionId, Participant p, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (await ConsumeAsync(response, PasskeyChallenge.HolderOf(sessionId, p.ParticipantId), PasskeyCeremony.Authentication, now,
                cancellationToken) is not { } challenge
            || WebAuthnAnswer.Read(response) is not { } answer
            || await passkeys.FindAsync(OwnerKeyOf(p), answer.CredentialId, cancellationToken) is not { } passkey
            || await webAuthn.VerifyAuthenticationAsync(response, challenge, passkey, cancellationToken) is not { } counter
            || !PasskeyRules.CounterAccepted(passkey.SignCount, counter))
        {
            return false;
        }
        try
        {
            await passkeys.UpdateAsync(passkey with { SignCount = counter, LastUsedAt = now }, cancellationToken);
            return true;
        }
        catch (ConcurrencyConflictException)
        {
            // The same passkey was used at the same moment with the same counter: only one of the two may count.
            return false;
        }
    }

    /// <summary>The challenge <paramref name="response"/> answers, taken away (single use) if it is this holder's, of this ceremony and still fresh.</summary>
    private async Task<PasskeyChallenge?> ConsumeAsync(JsonElement response, string holder, PasskeyCeremony ceremony, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        WebAuthnAnswer.Read(response) is { } answer
        && PasskeyChallenge.Read(holder, ceremony, answer.Challenge) is { } challenge
        && PasskeyRules.Fresh(challenge, now)
        && await challenges.ConsumeAsync(challenge, cancellationToken)
            ? challenge
            : null;

    private string OwnerKeyOf(Participant p) => owners.KeyOf(PasskeyRules.AddressOf(p));

    /// <summary>The working access token's participant, or null.</summary>
    private async Task<ParticipantWithTerms?> HolderAsync(string? authorization, CancellationToken cancellationToken)
    {
        var (check, snapshot, _) = await join.ResolveAsync(CustomerAuthorization.AccessToken(authorization), TokenKind.Access, cancellationToken);
        return check == LinkCheck.Valid ? snapshot : null;
    }

    /// <summary>Who would save a passkey with this access token, and why not (policy, an entry without a code); null: 401.</summary>
    private async Task<Registrant?> RegistrantAsync(string? authorization, CancellationToken cancellationToken)
    {
        var (check, snapshot, hash) = await join.ResolveAsync(CustomerAuthorization.AccessToken(authorization), TokenKind.Access, cancellationToken);
        if (check != LinkCheck.Valid)
        {
            return null;
        }
        var (session, p) = (snapshot!.Terms, snapshot.Participant);
        var ownerKey = OwnerKeyOf(p);
        var grant = p.AccessTokens.FirstOrDefault(g => string.Equals(g.TokenHash, hash, StringComparison.Ordinal));
        var refusal = !PasskeyRules.Allowed(session.Policy) ? NotAvailable("Passkeys are not used for this session.")
            : !PasskeyRules.MayRegister(grant?.Method) ? NotAvailable("Only an entry with a code or a passkey may save a passkey.")
            : null;
        return new Registrant(snapshot, ownerKey, PasskeyChallenge.HolderOf(session.SessionId, p.ParticipantId),
            new WebAuthnUser(ownerKey, p.Name, p.Name), refusal);
    }

    private sealed record Registrant(ParticipantWithTerms Snapshot, string OwnerKey, string Holder, WebAuthnUser User, Failure? Refusal);
}
