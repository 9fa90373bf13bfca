import type { NotMeCatalogue } from './types';

export const pl: NotMeCatalogue = {
  title: 'To nie ja',
  askTitle: 'Nie spodziewałeś się tej wiadomości?',
  ask: 'Jeśli nie prosiłeś o tę wiadomość, ktoś inny może używać Twoich danych. Zgłoś to, a link i kody wysłane w Twoim imieniu natychmiast przestaną działać.',
  confirm: 'Tak, zgłoś: to nie ja',
  cancel: 'Nie, spodziewałem się jej',
  sending: 'Wysyłanie zgłoszenia…',
  doneTitle: 'Dziękujemy, zatrzymaliśmy to',
  done: 'Link i kody z tej wiadomości już nie działają i nic więcej nie zostanie Ci w tej sprawie wysłane.',
  doneNext: 'Organizacja, która się z Tobą skontaktowała, została powiadomiona. Możesz zamknąć tę stronę.',
  cancelledTitle: 'Nic nie zostało zgłoszone',
  cancelled: 'Twój link nadal działa. Możesz zamknąć tę stronę.',
  invalidTitle: 'Ten link nie działa',
  invalid: 'Może być niepełny albo sesja się zakończyła. Jeśli masz wątpliwości, skontaktuj się bezpośrednio z organizacją.',
  noLinkTitle: 'Otwórz link z wiadomości',
  noLink: 'Ta strona potrzebuje linku „to nie ja” z wiadomości, którą Ci wysłaliśmy. Otwórz tę wiadomość i dotknij linku.',
  failedTitle: 'Zgłoszenie nie zostało wysłane',
  failed: 'Coś poszło nie tak po naszej stronie. Spróbuj ponownie.',
  retry: 'Spróbuj ponownie',
};
