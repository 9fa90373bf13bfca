using OtpSessions.Core.Messaging;
using OtpSessions.Core.Policy;

namespace OtpSessions.Core.Otp;

/// <summary>
/// The OTP rules (README "Behaviour worth knowing") as pure decisions: state + policy + the current time in, a result (and the state
/// to write back) out. No I/O, no clock of their own, no exceptions for refusals.
/// <list type="bullet">
/// <item>Wrong codes count per participant; <see cref="OtpPolicy.MaxAttempts"/> of them lock the participant for
/// <see cref="OtpPolicy.Lockout"/> (attempts start again, the code is voided so a new one is issued after the lock);
/// the <see cref="OtpPolicy.MaxLockouts"/>-th lockout bans the participant (the agent must reassign).</item>
/// <item>Sends are limited by <see cref="OtpPolicy.ResendCooldown"/> since the last send and
/// <see cref="OtpPolicy.MaxSendsPerHour"/> in a sliding <see cref="SendWindow"/>.</item>
/// <item>A resend repeats the active code (same value, same expiry); only when none is active is a new one issued.</item>
/// </list>
/// </summary>
public static class OtpRules
{
    /// <summary>The sliding window of <see cref="OtpPolicy.MaxSendsPerHour"/>.</summary>
    public static readonly TimeSpan SendWindow = TimeSpan.FromHours(1);

    /// <summary>
    /// The participant arrives at the OTP page — the first time, or again through the link after authenticating (every
    /// entry authenticates again). An active code is kept (no new send, no change); otherwise a new code from
    /// <paramref name="issue"/> (called only then) becomes active, the entry is no longer authenticated, and with Auto
    /// OTP the code is sent unless the hourly cap holds it back (<see cref="ActiveCode.ResendAvailableAt"/> says when a
    /// resend is possible; until it is sent the agent cannot read it: <see cref="CanAgentView"/>). The resend cooldown does not apply
    /// here. Nothing is reset: a lockout in force refuses, lockouts and wrong codes carry over.
    /// </summary>
    public static OtpCodeResult RequestCode(OtpState state, OtpPolicy policy, DateTimeOffset now, OtpMode mode, Func<NewOtpCode> issue)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(issue);
        if (Blocked(state, now) is { } refusal)
        {
            return new OtpCodeResult.Refused(refusal);
        }
        if (state.HasActiveCodeAt(now))
        {
            var unchanged = state.ReachedOtpPage ? null : state with { OtpRequestedAt = now };
            return new OtpCodeResult.Ready(Describe(unchanged ?? state, policy, now, mode, issuedNew: false, sent: false), unchanged);
        }
        var next = WithNewCode(state, policy, now, issue());
        var send = mode == OtpMode.Auto && HourlyCapFreesAt(next, policy, now) <= now;
        if (send)
        {
            next = WithSend(next, now);
        }
        return new OtpCodeResult.Ready(Describe(next, policy, now, mode, issuedNew: true, sent: send), next);
    }

    /// <summary>
    /// The participant asks for the code again (Auto OTP only). Refused inside the cooldown or past the hourly cap
    /// (429 with the wait). The active code is sent again unchanged; only when none is active is a new one issued.
    /// </summary>
    public static OtpCodeResult Resend(OtpState state, OtpPolicy policy, DateTimeOffset now, OtpMode mode, Func<NewOtpCode> issue)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(issue);
        if (mode == OtpMode.Manual)
        {
            return new OtpCodeResult.Refused(new OtpRefusal(OtpRefusalReason.ManualMode));
        }
        if (Blocked(state, now) is { } refusal)
        {
            return new OtpCodeResult.Refused(refusal);
        }
        var allowedAt = NextSendAllowedAt(state, policy, now);
        if (allowedAt > now)
        {
            return new OtpCodeResult.Refused(new OtpRefusal(OtpRefusalReason.TooManyRequests, RetryAfter: allowedAt - now));
        }
        var active = state.HasActiveCodeAt(now);
        var next = WithSend(active ? state with { OtpRequestedAt = state.OtpRequestedAt ?? now } : WithNewCode(state, policy, now, issue()), now);
        return new OtpCodeResult.Ready(Describe(next, policy, now, mode, issuedNew: !active, sent: true), next);
    }

    /// <summary>
    /// Checks a candidate code: refused while locked or banned (even for the right code), without a code, or after
    /// expiry; a wrong code costs one attempt and may lock or ban; the right code authenticates and is consumed. A stored
    /// code that no configured key opens (<see cref="CodeCheck.Unreadable"/>: its key was dropped by a rotation) is
    /// expired — no attempt is counted, and the code ends now, so the next request issues a new one. Pass what
    /// <see cref="ICodeProtector.Check"/> found, or use the overload that asks the protector.
    /// </summary>
    public static VerifyResult Verify(OtpState state, OtpPolicy policy, DateTimeOffset now, CodeCheck check)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(policy);
        if (Blocked(state, now) is { } refusal)
        {
            return new VerifyResult.Refused(refusal);
        }
        if (state.CodeId is null || state.ProtectedCode is null || state.Used)
        {
            // No code for this entry: none asked for yet, or the entry's code was already used (enter again for a new one).
            return new VerifyResult.Refused(new OtpRefusal(OtpRefusalReason.NotRequested));
        }
        if (!state.HasActiveCodeAt(now))
        {
            return new VerifyResult.Refused(new OtpRefusal(OtpRefusalReason.Expired));
        }
        if (check == CodeCheck.Unreadable)
        {
            return new VerifyResult.Refused(new OtpRefusal(OtpRefusalReason.Expired), state with { ExpiresAt = now });
        }
        if (check == CodeCheck.Right)
        {
            return new VerifyResult.Authenticated(state with { Used = true, AuthenticatedAt = now, FailedAttempts = 0 });
        }
        return WrongAttempt(state, policy, now);
    }

    /// <summary>
    /// Entering with another proof than a code (a passkey): refused while locked or banned; a proof that failed costs one
    /// attempt exactly as a wrong code does (<see cref="WrongAttempt"/>: the same counter, lockout and ban); one that held
    /// authenticates this entry and clears the count of wrong attempts. No code is issued, used or voided.
    /// </summary>
    public static VerifyResult VerifyOtherProof(OtpState state, OtpPolicy policy, DateTimeOffset now, bool proofHeld)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(policy);
        if (Blocked(state, now) is { } refusal)
        {
            return new VerifyResult.Refused(refusal);
        }
        return proofHeld
            ? new VerifyResult.Authenticated(state with { AuthenticatedAt = now, FailedAttempts = 0 })
            : WrongAttempt(state, policy, now);
    }

    /// <summary>Whether the participant is locked or banned now: the refusal every entry attempt gets then, or null.</summary>
    public static OtpRefusal? BlockedAt(OtpState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Blocked(state, now);
    }

    /// <summary>
    /// One wrong attempt (a wrong code, or a failed passkey): counted per participant; the <see cref="OtpPolicy.MaxAttempts"/>-th
    /// locks for <see cref="OtpPolicy.Lockout"/> and voids the code, the <see cref="OtpPolicy.MaxLockouts"/>-th lockout bans.
    /// </summary>
    private static VerifyResult.Refused WrongAttempt(OtpState state, OtpPolicy policy, DateTimeOffset now)
    {
        var attempts = state.FailedAttempts + 1;
        if (attempts < policy.MaxAttempts)
        {
            return new VerifyResult.Refused(
                new OtpRefusal(OtpRefusalReason.InvalidCode, AttemptsRemaining: policy.MaxAttempts - attempts),
                state with { FailedAttempts = attempts });
        }

        // The last attempt: lock (or ban) and void the code, so that after the lock a new code is issued.
        var lockouts = state.Lockouts + 1;
        var voided = state.WithoutCode() with
        {
            FailedAttempts = 0,
            Lockouts = lockouts,
        };
        return lockouts >= policy.MaxLockouts
            ? new VerifyResult.Refused(new OtpRefusal(OtpRefusalReason.Banned), voided with { Banned = true, LockedUntil = null }, LockedNow: true)
            : new VerifyResult.Refused(
                new OtpRefusal(OtpRefusalReason.Locked, RetryAfter: policy.Lockout),
                voided with { LockedUntil = now + policy.Lockout },
                LockedNow: true);
    }

    /// <summary><see cref="Verify(OtpState, OtpPolicy, DateTimeOffset, CodeCheck)"/> of a candidate known to be right or wrong.</summary>
    public static VerifyResult Verify(OtpState state, OtpPolicy policy, DateTimeOffset now, bool candidateMatches) =>
        Verify(state, policy, now, candidateMatches ? CodeCheck.Right : CodeCheck.Wrong);

    /// <summary>
    /// <see cref="Verify(OtpState, OtpPolicy, DateTimeOffset, CodeCheck)"/> with the constant-time check of <paramref name="protector"/>
    /// (the code is bound to its session and participant).
    /// </summary>
    public static VerifyResult Verify(OtpState state, OtpPolicy policy, DateTimeOffset now, ICodeProtector protector, string sessionId,
        string participantId, string? candidate)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(protector);
        var check = state is { CodeId: { } codeId, ProtectedCode: { } protectedCode }
            ? protector.Check(protectedCode, new CodeBinding(sessionId, participantId, codeId), candidate)
            : CodeCheck.Wrong;
        return Verify(state, policy, now, check);
    }

    /// <summary>
    /// Whether the agent may see the code: the policy allows it, the participant is not locked or banned, has reached
    /// the OTP page, and an unexpired, unused code exists — and, for an Auto OTP participant, the code did not arrive:
    /// its send failed, or no delivery report confirmed it <see cref="OtpPolicy.AutoOtpViewDelay"/> after it was sent.
    /// Whoever holds only the invite link must not get the code by phoning the agent while it sits on the participant's
    /// phone. Until then the answer is <see cref="OtpRefusalReason.DeliveryPending"/> with the wait (the whole delay while
    /// the send is still queued, or was held back by the hourly cap: any status but failed, sent or delivered); a
    /// <c>delivered</c> report — whenever it comes — hides the code (<see cref="OtpRefusalReason.Delivered"/>) unless
    /// <see cref="OtpPolicy.AgentCanViewDeliveredOtp"/> lets the delay decide as for a sent one. A manual participant's
    /// code is viewable as soon as the participant reaches the OTP page.
    /// </summary>
    /// <param name="state">The participant's OTP state.</param>
    /// <param name="policy">The session's policy.</param>
    /// <param name="now">The time of the request: the answer may change with it.</param>
    /// <param name="mode">Auto OTP (the code is sent to the participant) or manual (the agent reads it out).</param>
    /// <param name="delivery">How the latest send of the current code stands (Auto OTP).</param>
    public static AgentViewResult CanAgentView(OtpState state, OtpPolicy policy, DateTimeOffset now, OtpMode mode,
        Delivery delivery)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(delivery);
        if (!policy.AgentCanViewOtp)
        {
            return new AgentViewResult.Refused(new OtpRefusal(OtpRefusalReason.ViewDisabled));
        }
        if (state.Banned)
        {
            return new AgentViewResult.Refused(new OtpRefusal(OtpRefusalReason.Banned));
        }
        if (state.IsLockedAt(now))
        {
            return new AgentViewResult.Refused(new OtpRefusal(OtpRefusalReason.Locked, RetryAfter: state.LockedUntil - now));
        }
        if (!state.ReachedOtpPage || !state.HasActiveCodeAt(now))
        {
            return new AgentViewResult.Refused(new OtpRefusal(OtpRefusalReason.NotAvailable));
        }
        var allowed = new AgentViewResult.Allowed(state.CodeId!, state.ProtectedCode!, state.ExpiresAt!.Value);
        if (mode == OtpMode.Manual || delivery.Status == DeliveryStatus.Failed)
        {
            return allowed;
        }
        if (delivery.Status == DeliveryStatus.Delivered && !policy.AgentCanViewDeliveredOtp)
        {
            return new AgentViewResult.Refused(new OtpRefusal(OtpRefusalReason.Delivered));
        }
        if (delivery is { Status: DeliveryStatus.Sent or DeliveryStatus.Delivered, SentAt: { } sentAt })
        {
            var viewableAt = sentAt + policy.AutoOtpViewDelay;
            return viewableAt <= now
                ? allowed
                : new AgentViewResult.Refused(new OtpRefusal(OtpRefusalReason.DeliveryPending, RetryAfter: viewableAt - now), viewableAt);
        }
        // Queued, held back by the hourly cap, or any other state that is not a failure: the wait has not started.
        return new AgentViewResult.Refused(new OtpRefusal(OtpRefusalReason.DeliveryPending, RetryAfter: policy.AutoOtpViewDelay));
    }

    /// <summary>
    /// The earliest time a code may be sent: after the cooldown since the last send, and once fewer than
    /// <see cref="OtpPolicy.MaxSendsPerHour"/> sends remain in the sliding window. At or before <paramref name="now"/>
    /// means "now".
    /// </summary>
    public static DateTimeOffset NextSendAllowedAt(OtpState state, OtpPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(policy);
        var capFreesAt = HourlyCapFreesAt(state, policy, now);
        return state.LastSentAt is { } lastSentAt && lastSentAt + policy.ResendCooldown > capFreesAt
            ? lastSentAt + policy.ResendCooldown
            : capFreesAt;
    }

    /// <summary>
    /// The earliest time the hourly cap (<see cref="OtpPolicy.MaxSendsPerHour"/> in the sliding window) lets a code be
    /// sent; at or before <paramref name="now"/> means "now".
    /// </summary>
    public static DateTimeOffset HourlyCapFreesAt(OtpState state, OtpPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(policy);
        var sends = state.SendsInWindowAt(now);
        // A slot frees up when enough of the oldest sends have left the window.
        return sends.Count >= policy.MaxSendsPerHour ? sends[sends.Count - policy.MaxSendsPerHour] + SendWindow : now;
    }

    private static OtpRefusal? Blocked(OtpState state, DateTimeOffset now) =>
        state.Banned ? new OtpRefusal(OtpRefusalReason.Banned)
        : state.IsLockedAt(now) ? new OtpRefusal(OtpRefusalReason.Locked, RetryAfter: state.LockedUntil - now)
        : null;

    private static OtpState WithNewCode(OtpState state, OtpPolicy policy, DateTimeOffset now, NewOtpCode code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return state with
        {
            OtpRequestedAt = state.OtpRequestedAt ?? now,
            CodeId = code.CodeId,
            ProtectedCode = code.ProtectedCode,
            IssuedAt = now,
            ExpiresAt = now + policy.Lifetime,
            Used = false,
            CodeSends = 0,
            CodeSendsAccepted = 0,
            RecentSends = state.SendsInWindowAt(now),
            AuthenticatedAt = null,
        };
    }

    private static OtpState WithSend(OtpState state, DateTimeOffset now) => state with
    {
        CodeSends = state.CodeSends + 1,
        RecentSends = [.. state.SendsInWindowAt(now), now],
    };

    private static ActiveCode Describe(OtpState state, OtpPolicy policy, DateTimeOffset now, OtpMode mode, bool issuedNew, bool sent) => new(
        state.CodeId!,
        issuedNew,
        sent,
        state.CodeSends,
        state.ExpiresAt!.Value,
        mode == OtpMode.Auto ? NextSendAllowedAt(state, policy, now) : null,
        Math.Max(0, policy.MaxAttempts - state.FailedAttempts));
}
