/**
 * German texts. Importing this module registers them: `import 'region-aware-ccp/translations/de.js'`
 * (the self-contained bundle includes it).
 */
import { registerTranslation } from './messages.js';

registerTranslation('de', {
  switchPending: 'Wechsel nach {to} nach {calls|diesem Anruf|diesen # Anrufen}. Ihr Anruf wird nicht unterbrochen.',
  switched: 'Sie wurden von {from} nach {to} verschoben.',
  offline: 'Ihr Status ist Offline: Setzen Sie sich auf Verfügbar, sobald Sie bereit sind.',
  setAvailable: 'Ihr Status wurde in {region} auf Verfügbar gesetzt.',
  contactsEnded: 'Der Wechsel hat {count|1 Chat oder Aufgabe|# Chats oder Aufgaben} beendet ({ids}). Die Kunden wurden gebeten, neu zu beginnen.',
  autoAvailableFailed: 'Verfügbar in {region} konnte nach {attempts} Versuchen nicht gesetzt werden. Bitte setzen Sie Ihren Status selbst.',
  stale: 'Der Wechsel nach {to} ist nach {seconds} s nicht angekommen. Aktualisieren Sie das CCP, um ihn abzuschließen.',
  callDropped: 'Ein Anruf wurde während des Wechsels getrennt. Aktualisieren Sie das CCP in allen Tabs.',
  reloadCapped: 'Es wurde für {to} in den letzten {minutes} Minuten schon {capped|einmal|#-mal} automatisch aktualisiert und aktualisiert sich daher nicht mehr selbst: Nutzen Sie die Schaltfläche.',
  refreshAll: 'CCP in allen Tabs aktualisieren',
  signIn: 'Anmelden',
  settingAvailable: 'Ihr Status ist Offline in {region}. Sie werden auf Verfügbar gesetzt…',
  reloadWaitingForCall: 'Das CCP wird nach dem aktuellen Anruf in allen Tabs aktualisiert.',
  reloading: 'Das CCP wird in allen Tabs aktualisiert…',
  reloaded: 'Das CCP ist wieder da, in {region}.',
  reloadBlocked: 'Warte auf einen ruhenden Tab ({tabs}): Öffnen oder schließen Sie ihn, dann kommt das CCP zurück.',
  otherVersionTabs: 'Laden Sie {count|den Tab|die # Tabs} mit einer anderen Version neu: {count|er hält|sie halten} die alte Verbindung.',
  newerVersion: 'In einem anderen Tab ist eine neuere Version offen: Laden Sie diesen Tab neu.',
  dismiss: 'Schließen',
  notifications: 'Benachrichtigungen des Kontaktcenters',
  error: 'Das CCP meldet ein Problem ({code}).',
  'error:config': 'Das CCP ist nicht richtig konfiguriert. Wenden Sie sich an Ihre Administration.',
  'error:load-timeout': 'Das CCP wurde nicht geladen. Prüfen Sie Verbindung und Anmeldung und aktualisieren Sie dann.',
  'error:login-popup-blocked': 'Das Anmeldefenster wurde blockiert. Erlauben Sie Pop-ups für diese Seite und versuchen Sie es erneut.',
  'error:configure-error': 'Global Resiliency konnte für die andere Region nicht eingerichtet werden. Aktualisieren Sie das CCP.',
  'error:tabs-unavailable': 'Dieser Browser kann Tabs nicht abstimmen: Ist das CCP in anderen Tabs offen, schließen Sie diese vor dem Aktualisieren.',
  reloadTab: 'Diesen Tab neu laden',
  reloadTabAfterCall: 'Nach dem Gespräch neu laden.',
});
