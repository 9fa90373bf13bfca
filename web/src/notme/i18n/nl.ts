import type { NotMeCatalogue } from './types';

export const nl: NotMeCatalogue = {
  title: 'Dit was ik niet',
  askTitle: 'Verwachtte u dit bericht niet?',
  ask: 'Als u dit bericht niet hebt aangevraagd, gebruikt iemand anders misschien uw gegevens. Laat het ons weten, dan werken de link en de codes op uw naam meteen niet meer.',
  confirm: 'Ja, melden: dit was ik niet',
  cancel: 'Nee, ik verwachtte het',
  sending: 'Uw melding wordt verstuurd…',
  doneTitle: 'Bedankt, we hebben het gestopt',
  done: 'De link en de codes uit dat bericht werken niet meer, en u krijgt hierover niets meer toegestuurd.',
  doneNext: 'De organisatie die contact met u opnam, is op de hoogte gebracht. U kunt deze pagina sluiten.',
  cancelledTitle: 'Er is niets gemeld',
  cancelled: 'Uw link blijft werken. U kunt deze pagina sluiten.',
  invalidTitle: 'Deze link werkt niet',
  invalid: 'Hij is misschien onvolledig, of de sessie is afgelopen. Maakt u zich zorgen, neem dan rechtstreeks contact op met de organisatie.',
  noLinkTitle: 'Open de link uit uw bericht',
  noLink: 'Deze pagina heeft de link ‘dit was ik niet’ nodig uit het bericht dat we u stuurden. Open dat bericht en tik op de link.',
  failedTitle: 'Uw melding is niet verstuurd',
  failed: 'Er ging bij ons iets mis. Probeer het opnieuw.',
  retry: 'Opnieuw proberen',
};
