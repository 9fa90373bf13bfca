import type { NotMeCatalogue } from './types';

export const es: NotMeCatalogue = {
  title: 'No he sido yo',
  askTitle: '¿No esperaba este mensaje?',
  ask: 'Si no ha pedido este mensaje, puede que otra persona esté usando sus datos. Avísenos y el enlace y los códigos enviados a su nombre dejarán de funcionar al instante.',
  confirm: 'Sí, avisar: no he sido yo',
  cancel: 'No, lo esperaba',
  sending: 'Enviando su aviso…',
  doneTitle: 'Gracias, lo hemos detenido',
  done: 'El enlace y los códigos de ese mensaje ya no funcionan y no se le enviará nada más por él.',
  doneNext: 'Hemos informado a la organización que le contactó. Puede cerrar esta página.',
  cancelledTitle: 'No se ha avisado de nada',
  cancelled: 'Su enlace sigue funcionando. Puede cerrar esta página.',
  invalidTitle: 'Este enlace no funciona',
  invalid: 'Puede estar incompleto o la sesión ha terminado. Si le preocupa, contacte directamente con la organización.',
  noLinkTitle: 'Abra el enlace de su mensaje',
  noLink: 'Esta página necesita el enlace «no he sido yo» del mensaje que le enviamos. Abra ese mensaje y pulse el enlace.',
  failedTitle: 'Su aviso no se ha enviado',
  failed: 'Algo ha fallado por nuestra parte. Inténtelo de nuevo.',
  retry: 'Intentar de nuevo',
};
