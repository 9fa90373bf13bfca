import type { NotMeCatalogue } from './types';

export const it: NotMeCatalogue = {
  title: 'Non ero io',
  askTitle: 'Non aspettava questo messaggio?',
  ask: 'Se non ha richiesto questo messaggio, qualcun altro potrebbe usare i suoi dati. Ce lo segnali: il link e i codici inviati a suo nome smetteranno subito di funzionare.',
  confirm: 'Sì, segnala: non ero io',
  cancel: 'No, lo aspettavo',
  sending: 'Invio della segnalazione…',
  doneTitle: 'Grazie, lo abbiamo fermato',
  done: 'Il link e i codici di quel messaggio non funzionano più e non le verrà inviato altro per questo.',
  doneNext: 'L’organizzazione che l’ha contattata è stata informata. Può chiudere questa pagina.',
  cancelledTitle: 'Non è stato segnalato nulla',
  cancelled: 'Il suo link continua a funzionare. Può chiudere questa pagina.',
  invalidTitle: 'Questo link non funziona',
  invalid: 'Potrebbe essere incompleto, oppure la sessione è terminata. Se è preoccupato, contatti direttamente l’organizzazione.',
  noLinkTitle: 'Apra il link del suo messaggio',
  noLink: 'Questa pagina ha bisogno del link «non ero io» del messaggio che le abbiamo inviato. Apra quel messaggio e tocchi il link.',
  failedTitle: 'La segnalazione non è stata inviata',
  failed: 'Qualcosa è andato storto da parte nostra. Riprovi.',
  retry: 'Riprova',
};
