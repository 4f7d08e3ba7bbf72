/**
 * Every string an agent reads. English is built in and is the reference: a translation must provide
 * every key. Other languages are separate modules (`translations/de.js`) so a page loads only the
 * ones it uses; `registerTranslation` adds any language. Regions read as the page's `regionLabels`
 * name them, else as their code (us-west-2).
 *
 * Texts are templates: `{name}` is a parameter; `{name|one|other}` reads `one` when the parameter
 * is 1, else `other` with `#` standing for it; a parameter that is a list of phrases reads as each
 * of them, joined by commas. `error:<code>` keys name the `error` text of a code.
 */

const en = {
  switchPending: 'Moving to {to} after {calls|this call|these # calls}. {calls|Your call|Your calls} will not be interrupted.',
  switched: 'You were moved from {from} to {to}.',
  offline: 'You are Offline: set yourself Available when ready.',
  setAvailable: 'You were set Available in {region}.',
  contactsEnded: 'The move ended {list}. Customers were told to start a new one.',
  // The contacts of one type in `contactsEnded` (a Streams contact type); `who`: what a person recognises of them.
  chat: '{n|1 chat|# chats}{who}',
  task: '{n|1 task|# tasks}{who}',
  email: '{n|1 email|# emails}{who}',
  autoAvailableFailed: 'Could not set you Available in {region} ({attempts} tries): set your status yourself.',
  stale: 'The move to {to} has not arrived after {seconds} s: refresh the CCP.',
  callDropped: 'A call dropped during the move: refresh the CCP in all tabs.',
  reloadCapped: 'Refreshed automatically {capped|once|# times} for {to} in {minutes} minutes: use the button.',
  refreshAll: 'Refresh CCP in all tabs',
  signIn: 'Sign in',
  settingAvailable: 'Your status is Offline in {region}. Setting you Available…',
  reloadWaitingForCall: 'The CCP will refresh in all tabs after this call.',
  reloading: 'Refreshing the CCP in all tabs…',
  reloaded: 'The CCP is back in {region}.',
  reloadBlocked: 'Waiting for a sleeping tab ({tabs}): open or close it.',
  otherVersionTabs: 'Reload the {count|tab|# tabs} with another version: {count|it keeps|they keep} the old connection.',
  newerVersion: 'A newer version is open in another tab: reload this tab.',
  dismiss: 'Dismiss',
  notifications: 'Contact centre notifications',
  error: 'The CCP reported a problem ({code}).',
  'error:config': 'The CCP is misconfigured. Ask your administrator.',
  'error:load-timeout': 'The CCP did not load. Check your connection and sign-in, then refresh.',
  'error:login-popup-blocked': 'The sign-in window was blocked: allow pop-ups here and retry.',
  'error:configure-error': 'The other region could not be set up. Refresh the CCP.',
  'error:tabs-unavailable': 'This browser cannot coordinate tabs: close other CCP tabs before refreshing.',
  autoAvailableOption: 'Set me Available after a region switch',
  autoAvailableLocked: '(set by your contact centre)',
  reloadTab: 'Reload this tab',
  reloadTabAfterCall: 'Do it after the call.',
};

export type MessageKey = keyof typeof en;
/** One sentence: a message key and its parameters. */
export interface Phrase {
  key: MessageKey;
  params?: Params;
}
export type Params = Record<string, string | number | Phrase[]>;
/** A full set of texts for one language: every key of the English one. */
export type Translation = Record<MessageKey, string>;

/** The reference texts: a new translation translates each of them. */
export const english: Translation = en;

const translations = new Map<string, Translation>([['en', en]]);

const base = (tag: string | null | undefined): string => (tag ?? '').toLowerCase().split(/[-_]/)[0];

/**
 * Adds (or replaces) the texts of a language, e.g. `registerTranslation('fr', {...})`; `fr-CA` pages
 * then use them too. Throws, and changes nothing, when a text is missing.
 */
export function registerTranslation(lang: string, texts: Translation): void {
  const missing = Object.keys(en).filter((k) => typeof texts?.[k as MessageKey] !== 'string');
  if (!/^[a-z]{2,3}$/i.test(lang) || missing.length) {
    throw new TypeError(`region-aware-ccp: translation "${lang}" needs a two- or three-letter language and every text; missing: ${missing}`);
  }
  translations.set(base(lang), { ...texts });
}

/** `de-AT` → `de` when German is registered; a language without a translation → English. */
export function resolveLang(tag: string | null | undefined): string {
  return translations.has(base(tag)) ? base(tag) : 'en';
}

/**
 * The text of `key` in `lang` with `params` filled in; `error` picks the text of `params.code`;
 * `labels` name regions. A key it does not know (a new Streams contact type) reads as itself.
 */
export function message(lang: string, key: MessageKey, params: Params = {}, labels: Record<string, string> = {}): string {
  const c = translations.get(lang) ?? en;
  const text = (key === 'error' && c[`error:${params.code}` as MessageKey]) || c[key] || key;
  return text.replace(/\{(\w+)(?:\|([^|}]*)\|([^}]*))?\}/g, (_, k: string, one?: string, other?: string) => {
    const p = params[k];
    // A region has its label; no other parameter is a region's code.
    const v = Array.isArray(p) ? p.map((x) => message(lang, x.key, x.params, labels)).join(', ') : (Object.hasOwn(labels, p) && labels[p]) || String(p);
    return other === undefined ? v : v === '1' ? one! : other.replace('#', () => v);
  });
}
