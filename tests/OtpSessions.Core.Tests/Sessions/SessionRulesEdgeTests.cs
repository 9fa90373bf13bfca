using OtpSessions.Core.Common;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Tests.Sessions;

/// <summary>The edges of the input rules: counts at their limits, missing parts, and which error code a failure carries.</summary>
public sealed class SessionRulesEdgeTests
{
    private static readonly OtpPolicy Policy = new();

    private static readonly ContactInput Email = new(Channel.Email, "dana@example.com");

    private static readonly ContactInput Sms = new(Channel.Sms, "+14155550100");

    private static ParticipantInput Person(ParticipantRole? role, int i = 0, ContactInput? invite = null, ContactInput? otp = null) =>
        new(role, $"Person {i}", invite ?? new ContactInput(Channel.Sms, $"+1415555{100 + i:D4}"), otp);

    private static Failure Fails<T>(Outcome<T> outcome)
    {
        Assert.False(outcome.IsSuccess);
        Assert.Equal(FailureKind.Invalid, outcome.Failure!.Kind);
        return outcome.Failure;
    }

    [Theory]
    // cosigners, primaries, the messages under "participants"
    [InlineData(9, 1, new string[0])]
    [InlineData(9, 0, new[] { "Exactly one primary participant is required (found 0)." })]
    [InlineData(10, 0, new[] { "Exactly one primary participant is required (found 0).", "At most 9 cosigners are allowed (found 10)." })]
    [InlineData(8, 2, new[] { "Exactly one primary participant is required (found 2)." })]
    public void At_start_one_primary_and_at_most_nine_cosigners_are_counted_apart(int cosigners, int primaries, string[] messages)
    {
        var participants = Enumerable.Range(0, primaries).Select(i => Person(ParticipantRole.Primary, 100 + i))
            .Concat(Enumerable.Range(0, cosigners).Select(i => Person(ParticipantRole.Cosigner, i)))
            .ToList<ParticipantInput?>();

        var outcome = SessionRules.ValidateStart(new StartSessionInput(participants, null), Policy);

        if (messages.Length == 0)
        {
            Assert.Equal(cosigners + primaries, outcome.Value.Participants.Count);
            return;
        }
        var failure = Fails(outcome);
        Assert.Equal(["participants"], failure.Errors!.Keys);
        Assert.Equal(messages, failure.Errors["participants"]);
    }

    [Fact]
    public void Ten_participants_are_looked_at_one_by_one_eleven_are_not()
    {
        var ten = Enumerable.Range(0, 10).Select(i => (ParticipantInput?)Person(i == 0 ? ParticipantRole.Primary : ParticipantRole.Cosigner, i, otp: Email)).ToList();
        ten[3] = ten[3]! with { Name = "" };

        var failure = Fails(SessionRules.ValidateStart(new StartSessionInput(ten, null), Policy));

        Assert.Equal(["participants[3].name"], failure.Errors!.Keys);
    }

    [Fact]
    public void A_missing_participant_in_the_list_is_named_by_its_index_and_counts_as_no_primary()
    {
        var failure = Fails(SessionRules.ValidateStart(new StartSessionInput([null, Person(ParticipantRole.Cosigner)], null), Policy));

        Assert.Equal(["A participant object is required."], failure.Errors!["participants[0]"]);
        Assert.Equal(["Exactly one primary participant is required (found 0)."], failure.Errors["participants"]);
        Assert.Equal(2, failure.Errors.Count);
    }

    [Fact]
    public void A_missing_body_is_invalid_request_under_the_empty_path()
    {
        var failure = Fails(SessionRules.ValidateStart(null, Policy));

        Assert.Equal(ErrorCodes.InvalidRequest, failure.Code);
        Assert.Equal([""], failure.Errors!.Keys);
    }

    [Fact]
    public void Every_problem_of_a_start_is_reported_together_participants_and_reference()
    {
        var failure = Fails(SessionRules.ValidateStart(
            new StartSessionInput([Person(ParticipantRole.Primary) with { Name = null }], "ref\u0007"), Policy));

        Assert.Equal(["participants[0].name", "reference"], failure.Errors!.Keys.Order());
        Assert.Equal(["reference must not contain control characters."], failure.Errors["reference"]);
    }

    [Fact]
    public void A_valid_start_keeps_order_names_roles_addresses_and_locales()
    {
        var outcome = SessionRules.ValidateStart(new StartSessionInput(
        [
            new ParticipantInput(ParticipantRole.Primary, " Dana ", Email, Sms, "es"),
            new ParticipantInput(ParticipantRole.Cosigner, "Lee", Sms, null),
        ], "  loan 1  "), Policy);

        var (participants, reference) = outcome.Value;
        Assert.Equal(new NewParticipant(ParticipantRole.Primary, "Dana", new Contact(Channel.Email, "dana@example.com"),
            new Contact(Channel.Sms, "+14155550100"), Locale.Es), participants[0]);
        Assert.Equal(new NewParticipant(ParticipantRole.Cosigner, "Lee", new Contact(Channel.Sms, "+14155550100"), null, Locale.En), participants[1]);
        Assert.Equal("  loan 1  ", reference);
    }

    [Theory]
    [InlineData(ParticipantRole.Cosigner, 8, true)]
    [InlineData(ParticipantRole.Cosigner, 9, false)]
    [InlineData(ParticipantRole.Cosigner, 12, false)]
    [InlineData(ParticipantRole.Additional, 9, true)]
    [InlineData(ParticipantRole.Primary, 0, false)]
    public void An_addition_is_a_cosigner_while_fewer_than_nine_are_there_or_an_additional(ParticipantRole role, int cosigners, bool accepted)
    {
        var outcome = SessionRules.ValidateAddition(Person(role, 1, Email, Sms), Policy, cosigners);

        Assert.Equal(accepted, outcome.IsSuccess);
        if (accepted)
        {
            Assert.Equal(role, outcome.Value!.Role);
        }
        else
        {
            Assert.Equal(["role"], outcome.Failure!.Errors!.Keys);
        }
    }

    [Fact]
    public void A_missing_addition_or_replacement_is_invalid_request_under_the_empty_path()
    {
        Assert.Equal(["A participant object is required."], Fails(SessionRules.ValidateAddition(null, Policy, 0)).Errors![""]);
        Assert.Equal(["A participant object is required."], Fails(SessionRules.ValidateReplacement(null, ParticipantRole.Cosigner, Policy)).Errors![""]);
    }

    [Fact]
    public void An_addition_without_a_role_is_refused_on_role_alone()
    {
        var failure = Fails(SessionRules.ValidateAddition(Person(null, 1, Email), Policy, 0));

        Assert.Equal(["role"], failure.Errors!.Keys);
        Assert.Equal(["role is required."], failure.Errors["role"]);
    }

    [Fact]
    public void A_replacement_keeps_its_locale_and_its_otp_contact()
    {
        var outcome = SessionRules.ValidateReplacement(new ReplacementInput("Pat", Sms, Email, "es"), ParticipantRole.Additional, Policy);

        Assert.Equal(new NewParticipant(ParticipantRole.Additional, "Pat", new Contact(Channel.Sms, "+14155550100"),
            new Contact(Channel.Email, "dana@example.com"), Locale.Es), outcome.Value);
    }

    [Theory]
    // invite, otp, the error code, the field
    [InlineData(null, "missing", ErrorCodes.InvalidRequest, "otp.channel")]
    [InlineData(Channel.Sms, "not a phone", ErrorCodes.InvalidRequest, "otp.address")]
    [InlineData(Channel.Sms, " ", ErrorCodes.InvalidRequest, "otp.address")]
    [InlineData(Channel.Email, "not an email", ErrorCodes.InvalidRequest, "otp.address")]
    public void A_broken_otp_contact_fails_the_participant_on_that_field(Channel? channel, string address, string code, string field)
    {
        var failure = Fails(SessionRules.ValidateAddition(
            new ParticipantInput(ParticipantRole.Additional, "Pat", channel == Channel.Email ? Sms : Email, new ContactInput(channel, address)), Policy, 0));

        Assert.Equal(code, failure.Code);
        Assert.Equal([field], failure.Errors!.Keys);
    }

    [Fact]
    public void Email_otp_refused_by_the_policy_fails_the_participant_though_sms_invite_is_fine()
    {
        var failure = Fails(SessionRules.ValidateAddition(
            new ParticipantInput(ParticipantRole.Additional, "Pat", Sms, Email), new OtpPolicy { AllowEmailOtp = false }, 0));

        Assert.Equal(ErrorCodes.OtpChannelNotAllowed, failure.Code);
        Assert.Equal("The policy does not allow codes by email.", failure.Detail);
        Assert.Equal(["otp.channel"], failure.Errors!.Keys);
    }

    [Fact]
    public void Sms_otp_passes_where_email_otp_is_refused()
    {
        var outcome = SessionRules.ValidateAddition(
            new ParticipantInput(ParticipantRole.Additional, "Pat", Email, Sms), new OtpPolicy { AllowEmailOtp = false }, 0);

        Assert.Equal(new Contact(Channel.Sms, "+14155550100"), outcome.Value!.Otp);
    }

    [Theory]
    [InlineData(true, true, ErrorCodes.OtpChannelRequired)]
    [InlineData(true, false, null)]
    [InlineData(false, true, null)]
    [InlineData(false, false, null)]
    public void An_otp_channel_is_required_only_when_the_policy_requires_otp_and_a_channel(bool requireOtp, bool requireChannel, string? code)
    {
        var outcome = SessionRules.ValidateAddition(Person(ParticipantRole.Additional, 1, Email),
            new OtpPolicy { RequireOtp = requireOtp, RequireOtpChannel = requireChannel }, 0);

        Assert.Equal(code, outcome.Failure?.Code);
        Assert.Equal(code is null ? [] : ["otp"], outcome.Failure?.Errors!.Keys.ToArray() ?? []);
    }

    [Fact]
    public void One_error_code_of_its_own_is_the_failure_code_with_its_message_as_detail_and_invalid_request_is_generic()
    {
        var own = Fails(SessionRules.ValidateAddition(
            new ParticipantInput(ParticipantRole.Additional, "Pat", Email, new ContactInput(Channel.Email, "x@example.com")), Policy, 0));
        var generic = Fails(SessionRules.ValidateAddition(Person(ParticipantRole.Additional, 1, Email) with { Name = "" }, Policy, 0));
        var twoOfOwn = Fails(SessionRules.ValidateStart(new StartSessionInput(
        [
            new ParticipantInput(ParticipantRole.Primary, "A", Email, new ContactInput(Channel.Email, "x@example.com")),
            new ParticipantInput(ParticipantRole.Cosigner, "B", Email, new ContactInput(Channel.Email, "y@example.com")),
        ], null), Policy));

        Assert.Equal(ErrorCodes.OtpChannelMustDiffer, own.Code);
        Assert.StartsWith("otp.channel must be the other channel", own.Detail, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.InvalidRequest, generic.Code);
        Assert.Equal("The request has invalid fields.", generic.Detail);
        Assert.Equal(ErrorCodes.OtpChannelMustDiffer, twoOfOwn.Code);
        Assert.Equal(["participants[0].otp.channel", "participants[1].otp.channel"], twoOfOwn.Errors!.Keys);
    }

    [Theory]
    [InlineData("invite", "invite is required.")]
    [InlineData("invite.channel", "channel is required (sms or email).")]
    [InlineData("invite.address", "address is required.")]
    public void A_missing_part_of_a_contact_is_named_by_its_last_segment(string field, string message)
    {
        ContactInput? invite = field switch
        {
            "invite" => null,
            "invite.channel" => new ContactInput(null, "dana@example.com"),
            _ => new ContactInput(Channel.Email, null),
        };

        var failure = Fails(SessionRules.ValidateAddition(new ParticipantInput(ParticipantRole.Additional, "Pat", invite, null), Policy, 0));

        Assert.Equal([message], failure.Errors![field]);
    }

    [Theory]
    [InlineData("Dana\tCole")]
    [InlineData("Dana\u0085Cole")]
    public void A_name_with_a_control_character_inside_is_refused_after_trimming(string name)
    {
        var failure = Fails(SessionRules.ValidateAddition(Person(ParticipantRole.Additional, 1, Email) with { Name = name }, Policy, 0));

        Assert.Equal(["name must not contain control characters."], failure.Errors!["name"]);
    }

    [Fact]
    public void A_name_is_trimmed_before_its_length_is_counted()
    {
        var padded = "  " + new string('a', SessionRules.MaxNameLength) + "\t";

        var outcome = SessionRules.ValidateAddition(Person(ParticipantRole.Additional, 1, Email) with { Name = padded }, Policy, 0);

        Assert.Equal(new string('a', SessionRules.MaxNameLength), outcome.Value!.Name);
    }

    [Fact]
    public void An_sms_address_is_trimmed_then_checked_against_the_allowed_countries_and_the_numbering_plan()
    {
        var policy = new OtpPolicy { AllowedSmsCountries = ["US"] };

        var ok = SessionRules.ValidateAddition(new ParticipantInput(ParticipantRole.Additional, "Pat", new ContactInput(Channel.Sms, " +14155550100 "), null), policy, 0);
        var tollFree = Fails(SessionRules.ValidateAddition(
            new ParticipantInput(ParticipantRole.Additional, "Pat", new ContactInput(Channel.Sms, "+18002345678"), null), policy, 0));

        Assert.Equal(new Contact(Channel.Sms, "+14155550100"), ok.Value!.Invite);
        Assert.Equal(ErrorCodes.AddressNotMobile, tollFree.Code);
    }

    [Fact]
    public void The_limits_are_one_primary_nine_cosigners_and_forty_rows()
    {
        Assert.Equal(9, SessionRules.MaxCosigners);
        Assert.Equal(10, SessionRules.MaxStartParticipants);
        Assert.Equal(40, SessionRules.MaxParticipantsPerSession);
        Assert.Equal(100, SessionRules.MaxNameLength);
        Assert.Equal(128, SessionRules.MaxReferenceLength);
    }

    [Theory]
    [InlineData(Channel.Sms, "address must be a valid phone number in E.164 form, e.g. +14155550100.")]
    [InlineData(Channel.Email, "address must be a valid email address.")]
    public void An_invalid_address_is_explained_by_its_channel(Channel channel, string message)
    {
        var failure = Fails(SessionRules.ValidateAddition(
            new ParticipantInput(ParticipantRole.Additional, "Pat", new ContactInput(channel, "nonsense"), null), Policy, 0));

        Assert.Equal([message], failure.Errors!["invite.address"]);
    }

    [Fact]
    public void Errors_of_two_codes_answer_invalid_request_even_when_the_first_has_a_code_of_its_own()
    {
        var failure = Fails(SessionRules.ValidateStart(new StartSessionInput(
        [
            new ParticipantInput(ParticipantRole.Primary, "A", Email, new ContactInput(Channel.Email, "x@example.com")),
            new ParticipantInput(ParticipantRole.Cosigner, "", Sms, null),
        ], null), Policy));

        Assert.Equal(ErrorCodes.InvalidRequest, failure.Code);
        Assert.Equal("The request has invalid fields.", failure.Detail);
    }

    [Fact]
    public void A_replacement_without_an_otp_channel_is_refused_where_the_policy_requires_one()
    {
        var outcome = SessionRules.ValidateReplacement(new ReplacementInput("Pat", Email, null), ParticipantRole.Primary,
            new OtpPolicy { RequireOtp = true, RequireOtpChannel = true });

        Assert.Equal(ErrorCodes.OtpChannelRequired, Fails(outcome).Code);
        Assert.Equal(["otp"], outcome.Failure!.Errors!.Keys);
    }
}
