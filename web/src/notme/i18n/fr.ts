import type { NotMeCatalogue } from './types';

export const fr: NotMeCatalogue = {
  title: 'Ce n’était pas moi',
  askTitle: 'Vous n’attendiez pas ce message ?',
  ask: 'Si vous n’avez pas demandé ce message, quelqu’un d’autre utilise peut-être vos coordonnées. Signalez-le : le lien et les codes envoyés à votre nom cesseront aussitôt de fonctionner.',
  confirm: 'Oui, le signaler : ce n’était pas moi',
  cancel: 'Non, je l’attendais',
  sending: 'Envoi de votre signalement…',
  doneTitle: 'Merci, nous l’avons arrêté',
  done: 'Le lien et les codes de ce message ne fonctionnent plus et plus rien ne vous sera envoyé à ce sujet.',
  doneNext: 'L’organisation qui vous a contacté en a été informée. Vous pouvez fermer cette page.',
  cancelledTitle: 'Rien n’a été signalé',
  cancelled: 'Votre lien fonctionne toujours. Vous pouvez fermer cette page.',
  invalidTitle: 'Ce lien ne fonctionne pas',
  invalid: 'Il est peut-être incomplet, ou la session est terminée. En cas de doute, contactez directement l’organisation.',
  noLinkTitle: 'Ouvrez le lien de votre message',
  noLink: 'Cette page a besoin du lien « ce n’était pas moi » du message que nous vous avons envoyé. Ouvrez ce message et touchez le lien.',
  failedTitle: 'Votre signalement n’a pas été envoyé',
  failed: 'Un problème est survenu de notre côté. Veuillez réessayer.',
  retry: 'Réessayer',
};
