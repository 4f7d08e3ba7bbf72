/**
 * Every string an agent reads. English is built in and is the reference: a translation must provide
 * every key. Other languages are separate modules (`translations/de.js`) so a page loads only the
 * ones it uses; `registerTranslation` adds any language. Regions are shown as given (us-west-2):
 * they are identifiers agents see in their admin's instructions too.
 *
 * Texts are templates: `{name}` is a parameter; `{name|one|other}` reads `one` when the parameter
 * is 1, else `other` with `#` standing for it. `error:<code>` keys name the `error` text of a code.
 */

const en = {
  switchPending: 'Moving to {to} after {calls|this call|these # calls}. Your call will not be interrupted.',
  switched: 'You were moved from {from} to {to}.',
  offline: 'You are Offline: set yourself Available when ready.',
  setAvailable: 'You were set Available in {region}.',
  contactsEnded: 'The move ended {count|1 chat or task|# chats or tasks} ({ids}). Customers were told to start a new one.',
  autoAvailableFailed: 'Could not set you Available in {region} after {attempts} attempts: set your status yourself.',
  stale: 'The move to {to} has not arrived after {seconds} s: refresh the CCP.',
  callDropped: 'A call dropped during the move: refresh the CCP in all tabs.',
  reloadCapped: 'Already refreshed automatically {capped|once|# times} for {to} in {minutes} minutes: use the button.',
  refreshAll: 'Refresh CCP in all tabs',
  signIn: 'Sign in',
  settingAvailable: 'Your status is Offline in {region}. Setting you Available…',
  reloadWaitingForCall: 'The CCP will refresh in all tabs after this call.',
  reloading: 'Refreshing the CCP in all tabs…',
  reloaded: 'The CCP is back in {region}.',
  reloadBlocked: 'Waiting for a sleeping tab ({tabs}): open or close it.',
  otherVersionTabs: 'Reload the {count|tab|# tabs} running another version: {count|it keeps|they keep} the old connection.',
  newerVersion: 'A newer version is open in another tab: reload this tab.',
  dismiss: 'Dismiss',
  notifications: 'Contact centre notifications',
  error: 'The CCP reported a problem ({code}).',
  'error:config': 'The CCP is misconfigured. Ask your administrator.',
  'error:load-timeout': 'The CCP did not load. Check your connection and sign-in, then refresh.',
  'error:login-popup-blocked': 'The sign-in window was blocked: allow pop-ups here and retry.',
  'error:configure-error': 'The other region could not be set up. Refresh the CCP.',
  'error:tabs-unavailable': 'This browser cannot coordinate tabs: close other CCP tabs before refreshing.',
  reloadTab: 'Reload this tab',
  reloadTabAfterCall: 'Reload after the call.',
};

export type MessageKey = keyof typeof en;
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
    throw new TypeError(`region-aware-ccp: translation "${lang}" needs a two- or three-letter language and every text; missing: ${missing.join(', ') || 'none'}.`);
  }
  translations.set(base(lang), { ...texts });
}

/** `de-AT` → `de` when German is registered; a language without a translation → English. */
export function resolveLang(tag: string | null | undefined): string {
  return translations.has(base(tag)) ? base(tag) : 'en';
}

/** The text of `key` in `lang` with `params` filled in; `error` picks the text of `params.code`. */
export function message(lang: string, key: MessageKey, params: Record<string, string | number> = {}): string {
  const c = translations.get(lang) ?? en;
  const text = (key === 'error' && c[`error:${params.code}` as MessageKey]) || c[key];
  return text.replace(/\{(\w+)(?:\|([^|}]*)\|([^}]*))?\}/g, (_, k: string, one?: string, other?: string) => {
    const v = String(params[k]);
    return other === undefined ? v : v === '1' ? one! : other.replace('#', () => v);
  });
}
