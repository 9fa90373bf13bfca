import { Page } from './Page';

/** A screen that only says something: no link, a link that is not valid, banned, signed out, the session ended. */
export function InfoScreen({ title, text, focusKey }: { title: string; text: string; focusKey: string }) {
  return <Page title={title} focusKey={focusKey}><p>{text}</p></Page>;
}
