import {
  type ChannelPolicy, type PersonErrors, type PersonForm, canSendOtp, mustSendOtp, otpChannelFor,
} from './participantForm';
import { languages } from './languages';
import { smsCountries } from './policyText';

interface Props {
  idPrefix: string;
  person: PersonForm;
  errors: PersonErrors;
  policy: ChannelPolicy;
  onChange: (person: PersonForm) => void;
}

const channelName = { sms: 'SMS', email: 'email' } as const;

/** Name, invitation channel and address, and the code channel (always the other one) of one person. */
export function PersonFields({ idPrefix, person, errors, policy, onChange }: Props) {
  const set = (patch: Partial<PersonForm>) => onChange({ ...person, ...patch });
  const otpChannel = otpChannelFor(person.inviteChannel);
  const otpPossible = canSendOtp(person, policy);
  const otpForced = mustSendOtp(policy);
  const otpOn = otpPossible && (person.autoOtp || otpForced);
  const id = (field: string) => `${idPrefix}-${field}`;
  const described = (field: keyof PersonErrors) => (errors[field] ? { 'aria-invalid': true, 'aria-describedby': id(`${field}-error`) } : {});
  const error = (field: keyof PersonErrors) => errors[field] && <p class="field-error" id={id(`${field}-error`)}>{errors[field]}</p>;
  const smsHint = (channel: string) => channel === 'sms' && policy.allowedSmsCountries.length > 0
    && <p class="hint">SMS only to numbers in {smsCountries(policy.allowedSmsCountries)}.</p>;

  return (
    <div class="person">
      <div class="field">
        <label for={id('name')}>Name</label>
        <input id={id('name')} autocomplete="off" value={person.name} maxLength={100} {...described('name')}
          onInput={e => set({ name: e.currentTarget.value })} />
        {error('name')}
      </div>
      <fieldset class="field" {...described('inviteChannel')}>
        <legend>Send the invitation link by</legend>
        {(['email', 'sms'] as const).map(channel => (
          <label class="choice" key={channel}>
            <input type="radio" name={id('invite-channel')} value={channel} checked={person.inviteChannel === channel}
              onChange={() => set({ inviteChannel: channel, inviteAddress: '', otpAddress: '' })} />
            {channelName[channel]}
          </label>
        ))}
        {error('inviteChannel')}
      </fieldset>
      <div class="field">
        <label for={id('invite-address')}>{person.inviteChannel === 'sms' ? 'Mobile number for the link' : 'Email address for the link'}</label>
        <input id={id('invite-address')} type={person.inviteChannel === 'sms' ? 'tel' : 'email'} autocomplete="off"
          placeholder={person.inviteChannel === 'sms' ? '+14155550100' : 'dana@example.com'}
          value={person.inviteAddress} {...described('inviteAddress')}
          onInput={e => set({ inviteAddress: e.currentTarget.value })} />
        {smsHint(person.inviteChannel)}
        {error('inviteAddress')}
      </div>
      <div class="field">
        <label class="choice">
          <input type="checkbox" id={id('auto-otp')} checked={otpOn} disabled={!otpPossible || otpForced}
            onChange={e => set({ autoOtp: e.currentTarget.checked })} />
          Send the code automatically by {channelName[otpChannel]}
        </label>
        {!otpPossible && <p class="hint">{policy.requireOtp
          ? 'Your team does not allow codes by email: you will read the code out (manual).'
          : 'Your team does not require a code.'}</p>}
        {otpPossible && !otpOn && <p class="hint">Manual: you will see the code once the customer is on the code page, and read it out.</p>}
      </div>
      <div class="field">
        <label for={id('locale')}>Language of the messages and the join page</label>
        <select id={id('locale')} value={person.locale} onChange={e => set({ locale: e.currentTarget.value as PersonForm['locale'] })}>
          <option value="">Automatic (the phone number's country, else English)</option>
          {languages.map(l => <option key={l.value} value={l.value} lang={l.value}>{l.value === 'en' ? l.native : `${l.native} (${l.english})`}</option>)}
        </select>
      </div>
      {otpOn && (
        <div class="field">
          <label for={id('otp-address')}>{otpChannel === 'sms' ? 'Mobile number for the code' : 'Email address for the code'}</label>
          <input id={id('otp-address')} type={otpChannel === 'sms' ? 'tel' : 'email'} autocomplete="off"
            placeholder={otpChannel === 'sms' ? '+14155550100' : 'dana@example.com'}
            value={person.otpAddress} {...described('otpAddress')}
            onInput={e => set({ otpAddress: e.currentTarget.value })} />
          {smsHint(otpChannel)}
          {error('otpAddress')}
        </div>
      )}
    </div>
  );
}
