import type { NotMeCatalogue } from './types';

export const tr: NotMeCatalogue = {
  title: 'Ben değildim',
  askTitle: 'Bu mesajı beklemiyor muydunuz?',
  ask: 'Bu mesajı siz istemediyseniz bilgilerinizi başka biri kullanıyor olabilir. Bize bildirin; adınıza gönderilen bağlantı ve kodlar hemen çalışmaz hâle gelir.',
  confirm: 'Evet, bildir: ben değildim',
  cancel: 'Hayır, bekliyordum',
  sending: 'Bildiriminiz gönderiliyor…',
  doneTitle: 'Teşekkürler, durdurduk',
  done: 'O mesajdaki bağlantı ve kodlar artık çalışmıyor ve bu konuda size başka bir şey gönderilmeyecek.',
  doneNext: 'Sizinle iletişime geçen kuruluş bilgilendirildi. Bu sayfayı kapatabilirsiniz.',
  cancelledTitle: 'Hiçbir şey bildirilmedi',
  cancelled: 'Bağlantınız çalışmaya devam ediyor. Bu sayfayı kapatabilirsiniz.',
  invalidTitle: 'Bu bağlantı çalışmıyor',
  invalid: 'Eksik olabilir ya da oturum sona ermiş olabilir. Endişeleniyorsanız doğrudan kuruluşla iletişime geçin.',
  noLinkTitle: 'Mesajınızdaki bağlantıyı açın',
  noLink: 'Bu sayfa, size gönderdiğimiz mesajdaki “ben değildim” bağlantısına ihtiyaç duyar. O mesajı açıp bağlantıya dokunun.',
  failedTitle: 'Bildiriminiz gönderilemedi',
  failed: 'Bizim tarafımızda bir sorun oluştu. Lütfen tekrar deneyin.',
  retry: 'Tekrar dene',
};
