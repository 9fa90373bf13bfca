using OtpSessions.Core.Events;
using OtpSessions.Core.Policy;

namespace OtpSessions.Core.Sessions;

/// <summary>
/// The input rules of the agent API (docs/api.md), as pure functions: exactly one primary and at most nine
/// cosigners at start; names 1–100 characters; valid E.164 / email addresses; the OTP channel differs from the invite
/// channel; an OTP channel when the policy demands one; email OTP only where the policy allows it; SMS only to the
/// policy's allowed countries; references ≤ 128 characters without contact data (events echo them).
/// </summary>
public static class SessionRules
{
    public const int MaxNameLength = 100;
    public const int MaxReferenceLength = 128;
    public const int MaxCosigners = 9;

    /// <summary>A start body with more participants than this is refused before any of them is looked at.</summary>
    public const int MaxStartParticipants = 1 + MaxCosigners;

    /// <summary>Participant rows a session may hold in all (including reassigned ones): keeps a partition and its transactions small.</summary>
    public const int MaxParticipantsPerSession = 40;

    public static Outcome<(IReadOnlyList<NewParticipant> Participants, string? Reference)> ValidateStart(StartSessionInput? input, OtpPolicy policy)
    {
        var errors = new ValidationErrors();
        if (input is null)
        {
            errors.Add("", ErrorCodes.InvalidRequest, "A request body is required.");
            return errors.ToFailure();
        }
        var participants = new List<NewParticipant>();
        if (input.Participants is null || input.Participants.Count == 0)
        {
            errors.Add("participants", ErrorCodes.InvalidRequest, "At least the primary participant is required.");
        }
        else if (input.Participants.Count > MaxStartParticipants)
        {
            errors.Add("participants", ErrorCodes.InvalidRequest,
                $"A session starts with at most {MaxStartParticipants} participants (one primary and {MaxCosigners} cosigners); found {input.Participants.Count}.");
            return errors.ToFailure();
        }
        else
        {
            for (var i = 0; i < input.Participants.Count; i++)
            {
                var path = $"participants[{i}]";
                var p = input.Participants[i];
                if (p?.Role is not null and not (ParticipantRole.Primary or ParticipantRole.Cosigner))
                {
                    errors.Add(path + ".role", ErrorCodes.InvalidRequest, "A session starts with one primary and cosigners only.");
                }
                if (ValidateParticipant(p, path, policy, errors) is { } valid)
                {
                    participants.Add(valid);
                }
            }
            var primaries = input.Participants.Count(p => p?.Role == ParticipantRole.Primary);
            if (primaries != 1)
            {
                errors.Add("participants", ErrorCodes.InvalidRequest, $"Exactly one primary participant is required (found {primaries}).");
            }
            var cosigners = input.Participants.Count(p => p?.Role == ParticipantRole.Cosigner);
            if (cosigners > MaxCosigners)
            {
                errors.Add("participants", ErrorCodes.InvalidRequest, $"At most {MaxCosigners} cosigners are allowed (found {cosigners}).");
            }
        }
        var reference = ValidateReference(input.Reference, errors);
        if (errors.Any)
        {
            return errors.ToFailure();
        }
        return (participants, reference);
    }

    /// <summary>A participant added during the session: role <c>cosigner</c> or <c>additional</c>.</summary>
    public static Outcome<NewParticipant> ValidateAddition(ParticipantInput? input, OtpPolicy policy, int currentCosigners)
    {
        var errors = new ValidationErrors();
        if (input?.Role is ParticipantRole.Primary)
        {
            errors.Add("role", ErrorCodes.InvalidRequest, "A participant added during the session is a cosigner or additional.");
        }
        else if (input?.Role is ParticipantRole.Cosigner && currentCosigners >= MaxCosigners)
        {
            errors.Add("role", ErrorCodes.InvalidRequest, $"The session already has {MaxCosigners} cosigners.");
        }
        var valid = ValidateParticipant(input, "", policy, errors);
        return errors.Any || valid is null ? errors.ToFailure() : valid;
    }

    /// <summary>The replacement person of a reassignment; takes the role of the participant replaced.</summary>
    public static Outcome<NewParticipant> ValidateReplacement(ReplacementInput? input, ParticipantRole role, OtpPolicy policy)
    {
        var errors = new ValidationErrors();
        var valid = ValidateParticipant(input is null ? null : new ParticipantInput(role, input.Name, input.Invite, input.Otp, input.Locale), "",
            policy, errors);
        return errors.Any || valid is null ? errors.ToFailure() : valid;
    }

    private static NewParticipant? ValidateParticipant(ParticipantInput? input, string path, OtpPolicy policy, ValidationErrors errors)
    {
        var prefix = path.Length == 0 ? "" : path + ".";
        if (input is null)
        {
            errors.Add(path, ErrorCodes.InvalidRequest, "A participant object is required.");
            return null;
        }
        if (input.Role is null)
        {
            errors.Add(prefix + "role", ErrorCodes.InvalidRequest, "role is required.");
        }
        var name = ValidateName(input.Name, prefix + "name", errors);
        var invite = ValidateContact(input.Invite, prefix + "invite", policy, errors);
        Contact? otp = null;
        if (input.Otp is null)
        {
            if (policy.RequireOtp && policy.RequireOtpChannel)
            {
                errors.Add(prefix + "otp", ErrorCodes.OtpChannelRequired, "The policy requires an OTP channel (otp) for every participant.");
            }
        }
        else if (input.Otp.Channel is { } otpChannel && invite is not null && otpChannel == invite.Channel)
        {
            errors.Add(prefix + "otp.channel", ErrorCodes.OtpChannelMustDiffer,
                "otp.channel must be the other channel than invite.channel (invite by email → OTP by sms, invite by sms → OTP by email).");
        }
        else
        {
            otp = ValidateContact(input.Otp, prefix + "otp", policy, errors);
            if (otp is { Channel: Channel.Email } && !policy.AllowEmailOtp)
            {
                errors.Add(prefix + "otp.channel", ErrorCodes.OtpChannelNotAllowed, "The policy does not allow codes by email.");
                otp = null;
            }
        }
        var locale = ValidateLocale(input.Locale, prefix + "locale", errors);
        return name is null || invite is null || input.Role is null || (input.Otp is not null && otp is null) || (input.Locale is not null && locale is null)
            ? null
            : new NewParticipant(input.Role.Value, name, invite, otp, locale ?? LocaleOf(invite, otp));
    }

    private static Locale? ValidateLocale(string? tag, string path, ValidationErrors errors)
    {
        if (tag is null)
        {
            return null;
        }
        if (!Locales.TryParse(tag, out var locale))
        {
            errors.Add(path, ErrorCodes.LocaleNotSupported,
                $"locale must be a language tag of one of {string.Join(", ", Locales.All.Select(l => l.ToWire()))} (a regional tag such as pt-BR falls back to its language).");
            return null;
        }
        return locale;
    }

    /// <summary>Without a <c>locale</c>: the language of the country of the participant's SMS address (invite or code), else English.</summary>
    private static Locale LocaleOf(Contact invite, Contact? otp) =>
        (invite.Channel == Channel.Sms ? invite : otp?.Channel == Channel.Sms ? otp : null) is { } sms ? Locales.ForPhone(sms.Address) : Locale.En;

    private static string? ValidateName(string? name, string path, ValidationErrors errors)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            errors.Add(path, ErrorCodes.InvalidRequest, "name is required.");
            return null;
        }
        if (trimmed.Length > MaxNameLength)
        {
            errors.Add(path, ErrorCodes.InvalidRequest, $"name must be at most {MaxNameLength} characters.");
            return null;
        }
        if (trimmed.Any(char.IsControl))
        {
            errors.Add(path, ErrorCodes.InvalidRequest, "name must not contain control characters.");
            return null;
        }
        return trimmed;
    }

    private static Contact? ValidateContact(ContactInput? input, string path, OtpPolicy policy, ValidationErrors errors)
    {
        if (input is null)
        {
            errors.Add(path, ErrorCodes.InvalidRequest, $"{LastSegment(path)} is required.");
            return null;
        }
        if (input.Channel is not { } channel)
        {
            errors.Add(path + ".channel", ErrorCodes.InvalidRequest, "channel is required (sms or email).");
            return null;
        }
        if (string.IsNullOrWhiteSpace(input.Address))
        {
            errors.Add(path + ".address", ErrorCodes.InvalidRequest, "address is required.");
            return null;
        }
        if (!ContactRules.TryNormalize(channel, input.Address.Trim(), out var address))
        {
            errors.Add(path + ".address", ErrorCodes.InvalidRequest, channel == Channel.Sms
                ? "address must be a valid phone number in E.164 form, e.g. +14155550100."
                : "address must be a valid email address.");
            return null;
        }
        if (channel == Channel.Sms && !policy.AllowsSmsTo(ContactRules.RegionOf(address) ?? ""))
        {
            errors.Add(path + ".address", ErrorCodes.SmsCountryNotAllowed,
                $"The policy allows SMS only to numbers of {string.Join(", ", policy.AllowedSmsCountries)}.");
            return null;
        }
        if (channel == Channel.Sms && !ContactRules.CanReceiveSms(address))
        {
            errors.Add(path + ".address", ErrorCodes.AddressNotMobile,
                "address must be a number that can receive SMS (a mobile number): fixed-line, premium-rate, toll-free, shared-cost and VoIP numbers cannot.");
            return null;
        }
        return new Contact(channel, address);
    }

    private static string? ValidateReference(string? reference, ValidationErrors errors)
    {
        if (reference is null)
        {
            return null;
        }
        if (reference.Length > MaxReferenceLength)
        {
            errors.Add("reference", ErrorCodes.InvalidRequest, $"reference must be at most {MaxReferenceLength} characters.");
        }
        else if (reference.Any(char.IsControl))
        {
            errors.Add("reference", ErrorCodes.InvalidRequest, "reference must not contain control characters.");
        }
        else if (EventDataGuard.ContainsUnmaskedAddress(reference))
        {
            errors.Add("reference", ErrorCodes.ReferenceInvalid,
                "reference must not contain an email address or a phone number: events carry it and must hold no contact data.");
        }
        return reference;
    }

    private static string LastSegment(string path) => path[(path.LastIndexOf('.') + 1)..];
}
