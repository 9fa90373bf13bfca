import type { NotMeCatalogue } from './types';

export const pt: NotMeCatalogue = {
  title: 'Não fui eu',
  askTitle: 'Não esperava esta mensagem?',
  ask: 'Se não pediu esta mensagem, outra pessoa pode estar a usar os seus dados. Avise-nos e o link e os códigos enviados em seu nome deixam de funcionar de imediato.',
  confirm: 'Sim, avisar: não fui eu',
  cancel: 'Não, estava à espera dela',
  sending: 'A enviar o seu aviso…',
  doneTitle: 'Obrigado, já o travámos',
  done: 'O link e os códigos dessa mensagem já não funcionam e não lhe será enviado mais nada por causa dela.',
  doneNext: 'A organização que o contactou foi informada. Pode fechar esta página.',
  cancelledTitle: 'Nada foi comunicado',
  cancelled: 'O seu link continua a funcionar. Pode fechar esta página.',
  invalidTitle: 'Este link não funciona',
  invalid: 'Pode estar incompleto ou a sessão terminou. Se estiver preocupado, contacte diretamente a organização.',
  noLinkTitle: 'Abra o link da sua mensagem',
  noLink: 'Esta página precisa do link «não fui eu» da mensagem que lhe enviámos. Abra essa mensagem e toque no link.',
  failedTitle: 'O seu aviso não foi enviado',
  failed: 'Algo correu mal do nosso lado. Tente novamente.',
  retry: 'Tentar novamente',
};
