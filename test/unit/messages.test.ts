import { expect } from '@open-wc/testing';
import { message, resolveLang } from '../../src/i18n/messages.js';

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
    expect(message('en', 'contactsEnded', { count: 3, ids: 'a, b, c' })).to.contain('3 chats or tasks (a, b, c)');
    expect(message('de', 'switchPending', { to: 'us-west-2', calls: 2 })).to.contain('nach diesen 2 Anrufen');
  });

  it('has a text for each error code, and a general one for codes it does not know', () => {
    expect(message('de', 'error', { code: 'login-popup-blocked' })).to.contain('Pop-ups');
    expect(message('en', 'error', { code: 'auth-fail' })).to.equal('The CCP reported a problem (auth-fail).');
  });

  it('does not interpret markup or templates in parameters', () => {
    expect(message('en', 'reloaded', { region: '<b>{region}</b>' })).to.equal('The CCP is back in <b>{region}</b>.');
  });
});
