/**
 * Every string an agent reads. English is the reference catalogue; other languages must provide
 * every key (the type enforces it). Regions are shown as given (us-west-2): they are identifiers
 * agents see in their admin's instructions too.
 *
 * Texts are templates: `{name}` is a parameter; `{name|one|other}` reads `one` when the parameter
 * is 1, else `other` with `#` standing for it. `error:<code>` keys name the `error` text of a code.
 */

const en = {
  switchPending: 'Moving to {to} after {calls|this call|these # calls}. Your call will not be interrupted.',
  switched: 'You were moved from {from} to {to}.',
  offline: 'Your status is Offline: set yourself Available when you are ready.',
  setAvailable: 'Your status was set to Available in {region}.',
  contactsEnded: 'The move ended {count|1 chat or task|# chats or tasks} ({ids}). The customers were told to start a new one.',
  autoAvailableFailed: 'Could not set you Available in {region} after {attempts} attempts. Please set your status by hand.',
  stale: 'The move to {to} has not arrived after {seconds} s. Refresh the CCP to finish it.',
  callDropped: 'A call was dropped during the move. Refresh the CCP in all tabs.',
  refreshAll: 'Refresh CCP in all tabs',
  reloadWaitingForCall: 'The CCP will refresh in all tabs after the current call.',
  reloading: 'Refreshing the CCP in all tabs…',
  reloaded: 'The CCP is back in {region}.',
  dismiss: 'Dismiss',
  notifications: 'Contact centre notifications',
  error: 'The CCP reported a problem ({code}).',
  'error:config': 'The CCP is not configured correctly. Ask your administrator.',
  'error:load-timeout': 'The CCP did not load. Check your connection and sign-in, then refresh.',
  'error:login-popup-blocked': 'The sign-in window was blocked. Allow pop-ups for this page and try again.',
  'error:configure-error': 'Global Resiliency could not be set up for the other region. Refresh the CCP.',
  'error:tabs-unavailable': 'This browser cannot coordinate tabs: if the CCP is open in other tabs, close them before refreshing.',
};

export type MessageKey = keyof typeof en;
export type Catalogue = Record<MessageKey, string>;
export type Lang = 'en' | 'de';

const de: Catalogue = {
  switchPending: 'Wechsel nach {to} nach {calls|diesem Anruf|diesen # Anrufen}. Ihr Anruf wird nicht unterbrochen.',
  switched: 'Sie wurden von {from} nach {to} verschoben.',
  offline: 'Ihr Status ist Offline: Setzen Sie sich auf Verfügbar, sobald Sie bereit sind.',
  setAvailable: 'Ihr Status wurde in {region} auf Verfügbar gesetzt.',
  contactsEnded: 'Der Wechsel hat {count|1 Chat oder Aufgabe|# Chats oder Aufgaben} beendet ({ids}). Die Kunden wurden gebeten, neu zu beginnen.',
  autoAvailableFailed: 'Verfügbar in {region} konnte nach {attempts} Versuchen nicht gesetzt werden. Bitte setzen Sie Ihren Status selbst.',
  stale: 'Der Wechsel nach {to} ist nach {seconds} s nicht angekommen. Aktualisieren Sie das CCP, um ihn abzuschließen.',
  callDropped: 'Ein Anruf wurde während des Wechsels getrennt. Aktualisieren Sie das CCP in allen Tabs.',
  refreshAll: 'CCP in allen Tabs aktualisieren',
  reloadWaitingForCall: 'Das CCP wird nach dem aktuellen Anruf in allen Tabs aktualisiert.',
  reloading: 'Das CCP wird in allen Tabs aktualisiert…',
  reloaded: 'Das CCP ist wieder da, in {region}.',
  dismiss: 'Schließen',
  notifications: 'Benachrichtigungen des Kontaktcenters',
  error: 'Das CCP meldet ein Problem ({code}).',
  'error:config': 'Das CCP ist nicht richtig konfiguriert. Wenden Sie sich an Ihre Administration.',
  'error:load-timeout': 'Das CCP wurde nicht geladen. Prüfen Sie Verbindung und Anmeldung und aktualisieren Sie dann.',
  'error:login-popup-blocked': 'Das Anmeldefenster wurde blockiert. Erlauben Sie Pop-ups für diese Seite und versuchen Sie es erneut.',
  'error:configure-error': 'Global Resiliency konnte für die andere Region nicht eingerichtet werden. Aktualisieren Sie das CCP.',
  'error:tabs-unavailable': 'Dieser Browser kann Tabs nicht abstimmen: Ist das CCP in anderen Tabs offen, schließen Sie diese vor dem Aktualisieren.',
};

const catalogues: Record<Lang, Catalogue> = { en, de };

/** `de-AT` → `de`; anything we do not ship → English. */
export function resolveLang(tag: string | null | undefined): Lang {
  const base = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  return Object.hasOwn(catalogues, base) ? (base as Lang) : 'en';
}

/** The text of `key` in `lang` with `params` filled in; `error` picks the text of `params.code`. */
export function message(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const c = catalogues[lang];
  const text = (key === 'error' && c[`error:${params.code}` as MessageKey]) || c[key];
  return text.replace(/\{(\w+)(?:\|([^|}]*)\|([^}]*))?\}/g, (_, k: string, one?: string, other?: string) => {
    const v = String(params[k]);
    return other === undefined ? v : v === '1' ? one! : other.replace('#', () => v);
  });
}
