/**
 * German texts. Importing this module registers them: `import 'region-aware-ccp/translations/de.js'`
 * (the self-contained bundle includes it).
 */
import { registerTranslation } from './messages.js';

registerTranslation('de', {
  switchPending: 'Nach {calls|diesem Anruf|diesen # Anrufen} wechseln Sie nach {to}. {calls|Ihr Anruf wird|Ihre Anrufe werden} nicht unterbrochen.',
  switched: 'Sie wurden von {from} nach {to} verschoben.',
  offline: 'Ihr Status ist Offline. Setzen Sie ihn auf Verfügbar, sobald Sie bereit sind.',
  setAvailable: 'Ihr Status wurde in {region} auf Verfügbar gesetzt.',
  contactsEnded: 'Der Wechsel hat {list} beendet. Die Kunden wurden gebeten, sich erneut zu melden.',
  chat: '{n|1 Chat|# Chats}{who}',
  task: '{n|1 Aufgabe|# Aufgaben}{who}',
  email: '{n|1 E-Mail|# E-Mails}{who}',
  autoAvailableFailed: 'Ihr Status konnte in {region} nach {attempts} Versuchen nicht auf Verfügbar gesetzt werden. Bitte setzen Sie ihn selbst.',
  stale: 'Der Wechsel nach {to} ist nach {seconds} s noch nicht abgeschlossen. Aktualisieren Sie das CCP.',
  callDropped: 'Ein Anruf wurde während des Wechsels getrennt. Aktualisieren Sie das CCP in allen Tabs.',
  reloadCapped: 'Das CCP wurde für {to} in den letzten {minutes} Minuten bereits {capped|einmal|#-mal} automatisch aktualisiert: Bitte nutzen Sie die Schaltfläche.',
  refreshAll: 'CCP in allen Tabs aktualisieren',
  signIn: 'Anmelden',
  settingAvailable: 'Ihr Status in {region} ist Offline. Sie werden auf Verfügbar gesetzt…',
  reloadWaitingForCall: 'Das CCP wird nach dem aktuellen Anruf in allen Tabs aktualisiert.',
  reloading: 'Das CCP wird in allen Tabs aktualisiert…',
  reloaded: 'Das CCP ist in {region} wieder bereit.',
  reloadBlocked: 'Ein inaktiver Tab ({tabs}) hält die Aktualisierung auf: Öffnen oder schließen Sie ihn.',
  otherVersionTabs: 'Laden Sie {count|den Tab|die # Tabs} mit einer anderen Version neu: {count|er hält|sie halten} die alte Verbindung.',
  newerVersion: 'In einem anderen Tab ist eine neuere Version geöffnet: Laden Sie diesen Tab neu.',
  dismiss: 'Schließen',
  notifications: 'Benachrichtigungen des Kontaktcenters',
  error: 'Das CCP meldet ein Problem ({code}).',
  'error:config': 'Das CCP ist nicht richtig konfiguriert. Wenden Sie sich an Ihre Administration.',
  'error:load-timeout': 'Das CCP wurde nicht geladen. Prüfen Sie Ihre Verbindung und Anmeldung und aktualisieren Sie dann das CCP.',
  'error:login-popup-blocked': 'Das Anmeldefenster wurde blockiert. Erlauben Sie Pop-ups für diese Seite und versuchen Sie es erneut.',
  'error:configure-error': 'Die andere Region konnte nicht eingerichtet werden. Aktualisieren Sie das CCP.',
  'error:tabs-unavailable': 'Dieser Browser kann die Tabs nicht abstimmen: Schließen Sie andere CCP-Tabs, bevor Sie aktualisieren.',
  autoAvailableOption: 'Mich nach einem Regionswechsel auf Verfügbar setzen',
  autoAvailableLocked: '(vom Kontaktcenter festgelegt)',
  reloadTab: 'Diesen Tab neu laden',
  reloadTabAfterCall: 'Laden Sie ihn erst nach dem Anruf neu.',
});
