using OtpSessions.Core.Common;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Tests.Sessions;

public sealed class SessionRulesTests
{
    private static readonly OtpPolicy Policy = new();

    private static ParticipantInput Primary(ContactInput? invite = null, ContactInput? otp = null, string? name = "Dana Cole") =>
        new(ParticipantRole.Primary, name, invite ?? new ContactInput(Channel.Email, "dana@example.com"), otp);

    private static ParticipantInput Cosigner(int i = 1) =>
        new(ParticipantRole.Cosigner, $"Cosigner {i}", new ContactInput(Channel.Sms, "+14155550101"), null);

    private static Failure Fails(StartSessionInput input, OtpPolicy? policy = null)
    {
        var outcome = SessionRules.ValidateStart(input, policy ?? Policy);
        Assert.False(outcome.IsSuccess);
        return outcome.Failure!;
    }

    [Fact]
    public void Start_accepts_a_primary_invited_by_email_with_sms_otp_and_a_cosigner_invited_by_sms_with_email_otp()
    {
        var outcome = SessionRules.ValidateStart(new StartSessionInput(
        [
            Primary(new ContactInput(Channel.Email, "Dana@Example.COM"), new ContactInput(Channel.Sms, "+14155550100")),
            new ParticipantInput(ParticipantRole.Cosigner, "  Lee Cole ", new ContactInput(Channel.Sms, "+14155550101"),
                new ContactInput(Channel.Email, "lee@example.com")),
        ], "loan-8812"), Policy);

        Assert.True(outcome.IsSuccess);
        var (participants, reference) = outcome.Value;
        Assert.Equal("loan-8812", reference);
        Assert.Equal(new Contact(Channel.Email, "Dana@example.com"), participants[0].Invite);
        Assert.Equal(new Contact(Channel.Sms, "+14155550100"), participants[0].Otp);
        Assert.Equal("Lee Cole", participants[1].Name);
        Assert.Equal(Channel.Email, participants[1].Otp!.Channel);
    }

    [Fact]
    public void Start_without_otp_gives_manual_mode_when_the_policy_does_not_require_a_channel()
    {
        var outcome = SessionRules.ValidateStart(new StartSessionInput([Primary()], null), Policy);

        Assert.True(outcome.IsSuccess);
        Assert.Null(outcome.Value.Participants[0].Otp);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Start_requires_exactly_one_primary(int primaries)
    {
        var participants = Enumerable.Range(0, primaries).Select(_ => Primary()).Append(Cosigner()).ToList();

        var failure = Fails(new StartSessionInput(participants, null));

        Assert.Equal(FailureKind.Invalid, failure.Kind);
        Assert.Equal(ErrorCodes.InvalidRequest, failure.Code);
        Assert.Contains("participants", failure.Errors!.Keys);
    }

    [Fact]
    public void Start_allows_nine_cosigners_and_refuses_ten()
    {
        Assert.True(SessionRules.ValidateStart(
            new StartSessionInput([Primary(), .. Enumerable.Range(1, 9).Select(Cosigner)], null), Policy).IsSuccess);

        var failure = Fails(new StartSessionInput([Primary(), .. Enumerable.Range(1, 10).Select(Cosigner)], null));

        Assert.Equal(ErrorCodes.InvalidRequest, failure.Code);
        Assert.Contains(failure.Errors!["participants"], m => m.Contains("9 cosigners", StringComparison.Ordinal));
    }

    [Fact]
    public void Start_refuses_an_empty_or_missing_participant_list_and_a_missing_body()
    {
        Assert.Contains("participants", Fails(new StartSessionInput([], null)).Errors!.Keys);
        Assert.Contains("participants", Fails(new StartSessionInput(null, null)).Errors!.Keys);
        Assert.False(SessionRules.ValidateStart(null, Policy).IsSuccess);
    }

    [Fact]
    public void Start_refuses_an_additional_participant_at_start()
    {
        var failure = Fails(new StartSessionInput(
            [Primary(), new ParticipantInput(ParticipantRole.Additional, "X", new ContactInput(Channel.Sms, "+14155550101"), null)], null));

        Assert.Contains("participants[1].role", failure.Errors!.Keys);
    }

    [Theory]
    [InlineData(Channel.Email, "dana@example.com", Channel.Email, "dana2@example.com")]
    [InlineData(Channel.Sms, "+14155550100", Channel.Sms, "+14155550101")]
    public void Otp_channel_must_differ_from_the_invite_channel(Channel invite, string inviteAddress, Channel otp, string otpAddress)
    {
        var failure = Fails(new StartSessionInput([Primary(new ContactInput(invite, inviteAddress), new ContactInput(otp, otpAddress))], null));

        Assert.Equal(ErrorCodes.OtpChannelMustDiffer, failure.Code);
        Assert.Equal(["participants[0].otp.channel"], failure.Errors!.Keys);
    }

    [Fact]
    public void Otp_channel_is_required_when_the_policy_requires_otp_and_a_channel()
    {
        var policy = new OtpPolicy { RequireOtp = true, RequireOtpChannel = true };

        var failure = Fails(new StartSessionInput([Primary()], null), policy);

        Assert.Equal(ErrorCodes.OtpChannelRequired, failure.Code);
        Assert.Equal(["participants[0].otp"], failure.Errors!.Keys);
    }

    [Fact]
    public void Otp_channel_is_not_required_when_the_policy_requires_no_otp_at_all()
    {
        var policy = new OtpPolicy { RequireOtp = false, RequireOtpChannel = true };

        Assert.True(SessionRules.ValidateStart(new StartSessionInput([Primary()], null), policy).IsSuccess);
    }

    [Fact]
    public void Email_otp_is_refused_where_the_policy_forbids_it()
    {
        var policy = new OtpPolicy { AllowEmailOtp = false };

        var failure = Fails(new StartSessionInput(
            [Primary(new ContactInput(Channel.Sms, "+14155550100"), new ContactInput(Channel.Email, "dana@example.com"))], null), policy);

        Assert.Equal(ErrorCodes.OtpChannelNotAllowed, failure.Code);
    }

    [Theory]
    [InlineData("4155550100")]
    [InlineData("+1 415 555 0100")]
    [InlineData("+1415555")]
    [InlineData("+14155550100x")]
    [InlineData("+10005550100")]
    [InlineData("+999123456789")]
    [InlineData("")]
    public void Sms_addresses_must_be_valid_e164_numbers(string address)
    {
        var failure = Fails(new StartSessionInput([Primary(new ContactInput(Channel.Sms, address))], null));

        Assert.Equal(ErrorCodes.InvalidRequest, failure.Code);
        Assert.Contains("participants[0].invite.address", failure.Errors!.Keys);
    }

    [Theory]
    [InlineData("+14155550100")]
    [InlineData("+447911123456")]
    [InlineData("+33612345678")]
    public void Valid_e164_numbers_are_accepted(string address)
    {
        Assert.True(ContactRules.TryNormalizePhone(address, out var e164));
        Assert.Equal(address, e164);
    }

    [Theory]
    [InlineData("dana")]
    [InlineData("dana@")]
    [InlineData("@example.com")]
    [InlineData("dana@example")]
    [InlineData("dana@@example.com")]
    [InlineData(".dana@example.com")]
    [InlineData("da..na@example.com")]
    [InlineData("Dana <dana@example.com>")]
    [InlineData("dana@-example.com")]
    [InlineData("dana@[127.0.0.1]")]
    [InlineData("dana @example.com")]
    public void Email_addresses_must_be_plain_valid_addresses(string address)
    {
        var failure = Fails(new StartSessionInput([Primary(new ContactInput(Channel.Email, address))], null));

        Assert.Contains("participants[0].invite.address", failure.Errors!.Keys);
    }

    [Theory]
    [InlineData("dana@example.com", "dana@example.com")]
    [InlineData("Dana.Cole+loan@Mail.Example.CO.UK", "Dana.Cole+loan@mail.example.co.uk")]
    public void Email_addresses_keep_their_local_part_and_get_a_lowercase_domain(string address, string stored)
    {
        Assert.True(ContactRules.TryNormalizeEmail(address, out var email));
        Assert.Equal(stored, email);
    }

    [Fact]
    public void A_missing_invite_channel_or_address_is_named_by_field()
    {
        var failure = Fails(new StartSessionInput(
        [
            new ParticipantInput(ParticipantRole.Primary, "Dana", null, null),
            new ParticipantInput(ParticipantRole.Cosigner, "Lee", new ContactInput(null, "+14155550101"), null),
            new ParticipantInput(ParticipantRole.Cosigner, "Kim", new ContactInput(Channel.Sms, " "), null),
            new ParticipantInput(null, "Sam", new ContactInput(Channel.Sms, "+14155550102"), null),
        ], null));

        Assert.Contains("participants[0].invite", failure.Errors!.Keys);
        Assert.Contains("participants[1].invite.channel", failure.Errors.Keys);
        Assert.Contains("participants[2].invite.address", failure.Errors.Keys);
        Assert.Contains("participants[3].role", failure.Errors.Keys);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("Dana\u0000Cole")]
    public void Names_are_required_without_control_characters(string? name)
    {
        var failure = Fails(new StartSessionInput([Primary(name: name)], null));

        Assert.Contains("participants[0].name", failure.Errors!.Keys);
    }

    [Fact]
    public void Names_may_have_100_characters_but_not_101()
    {
        Assert.True(SessionRules.ValidateStart(new StartSessionInput([Primary(name: new string('a', 100))], null), Policy).IsSuccess);
        Assert.Contains("participants[0].name", Fails(new StartSessionInput([Primary(name: new string('a', 101))], null)).Errors!.Keys);
    }

    [Fact]
    public void References_may_have_128_characters_but_not_129()
    {
        Assert.True(SessionRules.ValidateStart(new StartSessionInput([Primary()], new string('r', 128)), Policy).IsSuccess);
        Assert.Contains("reference", Fails(new StartSessionInput([Primary()], new string('r', 129))).Errors!.Keys);
    }

    [Fact]
    public void Errors_of_different_kinds_answer_invalid_request_with_every_field()
    {
        var failure = Fails(new StartSessionInput(
            [Primary(new ContactInput(Channel.Email, "dana@example.com"), new ContactInput(Channel.Email, "x@example.com"), name: "")], null));

        Assert.Equal(ErrorCodes.InvalidRequest, failure.Code);
        Assert.Contains("participants[0].otp.channel", failure.Errors!.Keys);
        Assert.Contains("participants[0].name", failure.Errors.Keys);
    }

    [Fact]
    public void A_participant_added_later_may_not_be_a_primary()
    {
        var outcome = SessionRules.ValidateAddition(Primary(), Policy, currentCosigners: 0);

        Assert.Contains("role", outcome.Failure!.Errors!.Keys);
    }

    [Fact]
    public void A_cosigner_added_later_is_refused_when_nine_are_there_but_an_additional_is_not()
    {
        Assert.False(SessionRules.ValidateAddition(Cosigner(), Policy, currentCosigners: 9).IsSuccess);
        Assert.True(SessionRules.ValidateAddition(
            new ParticipantInput(ParticipantRole.Additional, "Ana", new ContactInput(Channel.Sms, "+14155550103"), null), Policy, 9).IsSuccess);
    }

    [Fact]
    public void A_replacement_takes_the_role_of_the_participant_it_replaces_and_follows_the_channel_rules()
    {
        var ok = SessionRules.ValidateReplacement(
            new ReplacementInput("Pat", new ContactInput(Channel.Sms, "+14155550109"), new ContactInput(Channel.Email, "pat@example.com")),
            ParticipantRole.Primary, Policy);
        var same = SessionRules.ValidateReplacement(
            new ReplacementInput("Pat", new ContactInput(Channel.Sms, "+14155550109"), new ContactInput(Channel.Sms, "+14155550108")),
            ParticipantRole.Primary, Policy);

        Assert.Equal(ParticipantRole.Primary, ok.Value!.Role);
        Assert.Equal(ErrorCodes.OtpChannelMustDiffer, same.Failure!.Code);
        Assert.Equal(["otp.channel"], same.Failure.Errors!.Keys);
    }

    [Theory]
    [InlineData("crm:dana@example.com")]
    [InlineData("call +1 415 555 0100")]
    [InlineData("+14155550100")]
    public void A_reference_holding_an_email_address_or_a_phone_number_is_reference_invalid(string reference)
    {
        var failure = Fails(new StartSessionInput([Primary()], reference));

        Assert.Equal(ErrorCodes.ReferenceInvalid, failure.Code);
        Assert.Equal(["reference"], failure.Errors!.Keys);
        Assert.DoesNotContain(reference, failure.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("loan-8812")]
    [InlineData("2024-0001-88120012")]
    [InlineData("case #12 @ branch 7")]
    public void A_reference_without_contact_data_is_kept(string reference)
    {
        Assert.Equal(reference, SessionRules.ValidateStart(new StartSessionInput([Primary()], reference), Policy).Value.Reference);
    }

    [Fact]
    public void Eleven_participants_are_refused_as_a_whole_before_any_of_them_is_validated()
    {
        // Every one of them is invalid on its own: none of those errors may appear.
        var participants = Enumerable.Range(0, 11)
            .Select(_ => (ParticipantInput?)new ParticipantInput(null, "", new ContactInput(Channel.Sms, "not a phone"), null)).ToList();

        var failure = Fails(new StartSessionInput(participants, "crm:dana@example.com"));

        Assert.Equal(ErrorCodes.InvalidRequest, failure.Code);
        Assert.Equal(["participants"], failure.Errors!.Keys);
        Assert.Contains("at most 10", failure.Errors["participants"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void An_sms_address_outside_the_allowed_countries_is_sms_country_not_allowed()
    {
        var policy = new OtpPolicy { AllowedSmsCountries = ["US"] };
        var uk = new StartSessionInput([Primary(otp: new ContactInput(Channel.Sms, "+447911123456"))], null);
        var us = new StartSessionInput([Primary(otp: new ContactInput(Channel.Sms, "+14155550100"))], null);

        var failure = Fails(uk, policy);

        Assert.Equal(ErrorCodes.SmsCountryNotAllowed, failure.Code);
        Assert.Equal(["participants[0].otp.address"], failure.Errors!.Keys);
        Assert.True(SessionRules.ValidateStart(us, policy).IsSuccess);
        Assert.True(SessionRules.ValidateStart(uk, Policy).IsSuccess);
    }
}
