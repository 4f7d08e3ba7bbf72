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
      'Nach diesem Anruf wechseln Sie zu us-west-2. Ihr Anruf wird nicht unterbrochen.',
    );
    expect(message('de', 'switchPending', { to: 'us-west-2', calls: 2 })).to.contain('Nach diesen 2 Anrufen').and.contain('Ihre Anrufe werden');
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
