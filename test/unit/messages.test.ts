import { expect } from '@open-wc/testing';
import { english, message, registerTranslation, resolveLang, type Translation } from '../../src/i18n/messages.js';
import '../../src/i18n/de.js';

describe('messages', () => {
  it('picks a shipped language from a tag, else English', () => {
    expect(['de', 'de-AT', 'DE_ch', 'en-GB', 'fr', '', null, 'constructor', '__proto__'].map(resolveLang)).to.deep.equal([
      'de', 'de', 'de', 'en', 'en', 'en', 'en', 'en', 'en',
    ]);
  });

  it('fills parameters and plurals in both languages', () => {
    expect(message('en', 'switchPending', { to: 'us-west-2', calls: 1 })).to.equal(
      'Moving to us-west-2 after this call. Your call will not be interrupted.',
    );
    expect(message('en', 'switchPending', { to: 'us-west-2', calls: 2 })).to.contain('after these 2 calls. Your calls will');
    expect(message('de', 'switchPending', { to: 'us-west-2', calls: 1 })).to.equal(
      'Nach diesem Anruf wechseln Sie nach us-west-2. Ihr Anruf wird nicht unterbrochen.',
    );
    expect(message('de', 'switchPending', { to: 'us-west-2', calls: 2 })).to.contain('Nach diesen 2 Anrufen').and.contain('Ihre Anrufe werden');
  });

  it('says what a move ended by type and count, singular and plural, in both languages', () => {
    const list = (chats: number, tasks: number) => ({
      list: [
        { key: 'chat' as const, params: { n: chats, who: chats === 1 ? ' (Jane Doe · Sales)' : '' } },
        { key: 'task' as const, params: { n: tasks, who: '' } },
      ],
    });
    expect(message('en', 'contactsEnded', list(1, 1))).to.equal('The move ended 1 chat (Jane Doe · Sales), 1 task. Customers were told to start a new one.');
    expect(message('en', 'contactsEnded', list(2, 3))).to.contain('ended 2 chats, 3 tasks.');
    expect(message('de', 'contactsEnded', list(1, 1))).to.equal('Der Wechsel hat 1 Chat (Jane Doe · Sales), 1 Aufgabe beendet. Die Kunden wurden gebeten, sich erneut zu melden.');
    expect(message('de', 'contactsEnded', list(2, 3))).to.contain('2 Chats, 3 Aufgaben beendet');
    expect(message('de', 'contactsEnded', { list: [{ key: 'email', params: { n: 2, who: '' } }] })).to.contain('2 E-Mails');
    // A contact type Streams may add later reads as its name, never as an error.
    expect(message('en', 'contactsEnded', { list: [{ key: 'sms' as never, params: {} }] })).to.contain('ended sms.');
  });

  it('asks an Offline agent to set themselves Available, in both languages', () => {
    expect(message('en', 'offline')).to.equal('You are Offline: set yourself Available when ready.');
    expect(message('de', 'offline')).to.equal('Ihr Status ist Offline. Setzen Sie ihn auf Verfügbar, sobald Sie bereit sind.');
  });

  it('names regions by their labels where the page gives them, in every text, else by their code', () => {
    const labels = { 'us-east-1': 'Virginia', 'us-west-2': 'Oregon' };
    expect(message('en', 'switched', { from: 'us-east-1', to: 'us-west-2' }, labels)).to.equal('You were moved from Virginia to Oregon.');
    expect(message('de', 'switched', { from: 'us-east-1', to: 'us-west-2' }, labels)).to.equal('Sie wurden von Virginia nach Oregon verschoben.');
    expect(message('de', 'reloaded', { region: 'us-west-2' }, labels)).to.equal('Das CCP ist in Oregon wieder bereit.');
    expect(message('en', 'setAvailable', { region: 'eu-central-1' }, labels)).to.equal('You were set Available in eu-central-1.');
    // Inherited names are no labels (a tab titled "constructor" stays itself).
    expect(message('en', 'reloadBlocked', { tabs: 'constructor' }, labels)).to.contain('(constructor)');
  });

  it('German texts address the agent with Sie and use the CCP terms (Status, Verfügbar, Anruf)', () => {
    const de = Object.keys(english).map((k) => message('de', k as keyof typeof english, { to: 'B', from: 'A', region: 'B', calls: 1, count: 1, capped: 2, minutes: 10, seconds: 5, attempts: 3, tabs: 'T', code: 'x', list: [] }));
    for (const text of de) expect(text).to.not.match(/\b(du|dein|deine|Warte)\b/i, text);
    expect(de.join(' ')).to.contain('Verfügbar').and.contain('Status').and.contain('Anruf');
  });

  it('has a text for each error code, and a general one for codes it does not know', () => {
    expect(message('de', 'error', { code: 'login-popup-blocked' })).to.contain('Pop-ups');
    expect(message('en', 'error', { code: 'auth-fail' })).to.equal('The CCP reported a problem (auth-fail).');
  });

  it('adds a language from a complete translation, and rejects an incomplete one unchanged', () => {
    // Markers instead of French, so the test sees which catalogue answered.
    const texts = Object.fromEntries(Object.keys(english).map((k) => [k, `fr:${k} {to}`])) as Translation;
    const { switched: _dropped, ...incomplete } = texts;
    expect(() => registerTranslation('fr', incomplete as Translation)).to.throw(/missing: switched/);
    expect(resolveLang('fr-CA')).to.equal('en');
    registerTranslation('FR', texts);
    expect(resolveLang('fr-CA')).to.equal('fr');
    expect(message('fr', 'switched', { to: 'us-west-2' })).to.equal('fr:switched us-west-2');
    expect(() => registerTranslation('français', texts)).to.throw(/two- or three-letter/);
  });

  it('does not interpret markup or templates in parameters', () => {
    expect(message('en', 'reloaded', { region: '<b>{region}</b>' })).to.equal('The CCP is back in <b>{region}</b>.');
  });
});
