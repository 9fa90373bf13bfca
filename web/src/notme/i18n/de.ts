import type { NotMeCatalogue } from './types';

export const de: NotMeCatalogue = {
  title: 'Das war ich nicht',
  askTitle: 'Haben Sie diese Nachricht nicht erwartet?',
  ask: 'Wenn Sie diese Nachricht nicht angefordert haben, nutzt vielleicht jemand anderes Ihre Daten. Melden Sie es uns, dann funktionieren der Link und die Codes in Ihrem Namen sofort nicht mehr.',
  confirm: 'Ja, melden: Das war ich nicht',
  cancel: 'Nein, ich habe sie erwartet',
  sending: 'Ihre Meldung wird gesendet…',
  doneTitle: 'Danke, wir haben es gestoppt',
  done: 'Der Link und die Codes aus dieser Nachricht funktionieren nicht mehr, und Sie erhalten dazu nichts mehr.',
  doneNext: 'Die Organisation, die Sie kontaktiert hat, wurde informiert. Sie können diese Seite schließen.',
  cancelledTitle: 'Es wurde nichts gemeldet',
  cancelled: 'Ihr Link funktioniert weiterhin. Sie können diese Seite schließen.',
  invalidTitle: 'Dieser Link funktioniert nicht',
  invalid: 'Er ist vielleicht unvollständig, oder die Sitzung ist beendet. Wenden Sie sich im Zweifel direkt an die Organisation.',
  noLinkTitle: 'Öffnen Sie den Link aus Ihrer Nachricht',
  noLink: 'Diese Seite braucht den Link „Das war ich nicht“ aus der Nachricht, die wir Ihnen geschickt haben. Öffnen Sie die Nachricht und tippen Sie auf den Link.',
  failedTitle: 'Ihre Meldung wurde nicht gesendet',
  failed: 'Bei uns ist etwas schiefgelaufen. Bitte versuchen Sie es erneut.',
  retry: 'Erneut versuchen',
};
