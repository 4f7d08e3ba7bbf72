/**
 * Every string an agent reads. English is the reference catalogue; other languages must provide
 * every key (the type enforces it). Regions are shown as given (us-west-2): they are identifiers
 * agents see in their admin's instructions too.
 */

export interface Catalogue {
  switchDetected(p: { from: string; to: string }): string;
  switchPending(p: { to: string; calls: number }): string;
  switched(p: { from: string; to: string }): string;
  offline(): string;
  setAvailable(p: { region: string }): string;
  contactsEnded(p: { count: number; ids: string }): string;
  autoAvailableFailed(p: { region: string; attempts: number }): string;
  stale(p: { to: string; seconds: number }): string;
  callDropped(): string;
  refreshAll(): string;
  reloadWaitingForCall(): string;
  reloading(): string;
  reloaded(p: { region: string }): string;
  dismiss(): string;
  notifications(): string;
  error(p: { code: string }): string;
}

export type Lang = 'en' | 'de';

const en: Catalogue = {
  switchDetected: ({ from, to }) => `Your contact centre is moving from ${from} to ${to}.`,
  switchPending: ({ to, calls }) =>
    `Moving to ${to} after ${calls === 1 ? 'this call' : `these ${calls} calls`}. Your call will not be interrupted.`,
  switched: ({ from, to }) => `You were moved from ${from} to ${to}.`,
  offline: () => 'Your status is Offline: set yourself Available when you are ready.',
  setAvailable: ({ region }) => `Your status was set to Available in ${region}.`,
  contactsEnded: ({ count, ids }) =>
    `The move ended ${count === 1 ? '1 chat or task' : `${count} chats or tasks`} (${ids}). The customers were told to start a new one.`,
  autoAvailableFailed: ({ region, attempts }) =>
    `Could not set you Available in ${region} after ${attempts} attempts. Please set your status by hand.`,
  stale: ({ to, seconds }) => `The move to ${to} has not arrived after ${seconds} s. Refresh the CCP to finish it.`,
  callDropped: () => 'A call was dropped during the move. Refresh the CCP in all tabs.',
  refreshAll: () => 'Refresh CCP in all tabs',
  reloadWaitingForCall: () => 'The CCP will refresh in all tabs after the current call.',
  reloading: () => 'Refreshing the CCP in all tabs…',
  reloaded: ({ region }) => `The CCP is back in ${region}.`,
  dismiss: () => 'Dismiss',
  notifications: () => 'Contact centre notifications',
  error: ({ code }) => {
    switch (code) {
      case 'config':
        return 'The CCP is not configured correctly. Ask your administrator.';
      case 'load-timeout':
        return 'The CCP did not load. Check your connection and sign-in, then refresh.';
      case 'login-popup-blocked':
        return 'The sign-in window was blocked. Allow pop-ups for this page and try again.';
      case 'configure-error':
        return 'Global Resiliency could not be set up for the other region. Refresh the CCP.';
      case 'tabs-unavailable':
        return 'This browser cannot coordinate tabs: if the CCP is open in other tabs, close them before refreshing.';
      default:
        return `The CCP reported a problem (${code}).`;
    }
  },
};

const de: Catalogue = {
  switchDetected: ({ from, to }) => `Ihr Kontaktcenter wechselt von ${from} nach ${to}.`,
  switchPending: ({ to, calls }) =>
    `Wechsel nach ${to} nach ${calls === 1 ? 'diesem Anruf' : `diesen ${calls} Anrufen`}. Ihr Anruf wird nicht unterbrochen.`,
  switched: ({ from, to }) => `Sie wurden von ${from} nach ${to} verschoben.`,
  offline: () => 'Ihr Status ist Offline: Setzen Sie sich auf Verfügbar, sobald Sie bereit sind.',
  setAvailable: ({ region }) => `Ihr Status wurde in ${region} auf Verfügbar gesetzt.`,
  contactsEnded: ({ count, ids }) =>
    `Der Wechsel hat ${count === 1 ? '1 Chat oder Aufgabe' : `${count} Chats oder Aufgaben`} beendet (${ids}). Die Kunden wurden gebeten, neu zu beginnen.`,
  autoAvailableFailed: ({ region, attempts }) =>
    `Verfügbar in ${region} konnte nach ${attempts} Versuchen nicht gesetzt werden. Bitte setzen Sie Ihren Status selbst.`,
  stale: ({ to, seconds }) =>
    `Der Wechsel nach ${to} ist nach ${seconds} s nicht angekommen. Aktualisieren Sie das CCP, um ihn abzuschließen.`,
  callDropped: () => 'Ein Anruf wurde während des Wechsels getrennt. Aktualisieren Sie das CCP in allen Tabs.',
  refreshAll: () => 'CCP in allen Tabs aktualisieren',
  reloadWaitingForCall: () => 'Das CCP wird nach dem aktuellen Anruf in allen Tabs aktualisiert.',
  reloading: () => 'Das CCP wird in allen Tabs aktualisiert…',
  reloaded: ({ region }) => `Das CCP ist wieder da, in ${region}.`,
  dismiss: () => 'Schließen',
  notifications: () => 'Benachrichtigungen des Kontaktcenters',
  error: ({ code }) => {
    switch (code) {
      case 'config':
        return 'Das CCP ist nicht richtig konfiguriert. Wenden Sie sich an Ihre Administration.';
      case 'load-timeout':
        return 'Das CCP wurde nicht geladen. Prüfen Sie Verbindung und Anmeldung und aktualisieren Sie dann.';
      case 'login-popup-blocked':
        return 'Das Anmeldefenster wurde blockiert. Erlauben Sie Pop-ups für diese Seite und versuchen Sie es erneut.';
      case 'configure-error':
        return 'Global Resiliency konnte für die andere Region nicht eingerichtet werden. Aktualisieren Sie das CCP.';
      case 'tabs-unavailable':
        return 'Dieser Browser kann Tabs nicht abstimmen: Ist das CCP in anderen Tabs offen, schließen Sie diese vor dem Aktualisieren.';
      default:
        return `Das CCP meldet ein Problem (${code}).`;
    }
  },
};

const catalogues: Record<Lang, Catalogue> = { en, de };

/** `de-AT` → `de`; anything we do not ship → English. */
export function resolveLang(tag: string | null | undefined): Lang {
  const base = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  return base in catalogues ? (base as Lang) : 'en';
}

export function catalogue(lang: Lang): Catalogue {
  return catalogues[lang];
}
