import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMANDS, commandRegistrations } from './commands';
import { LANGUAGES, renderMessage, type MessageKey } from './messages';

describe('command menu registrations', () => {
  const registrations = commandRegistrations();

  it('registers English as the default and one list per other language', () => {
    assert.equal(registrations.length, LANGUAGES.length);
    assert.equal(registrations[0]?.language_code, undefined);
    assert.deepEqual(
      registrations.slice(1).map((r) => r.language_code),
      LANGUAGES.filter((l) => l !== 'en'),
    );
  });

  for (const { commands, language_code: lang = 'en' } of registrations) {
    it(`${lang}: every command, described in ${lang} within Telegram's 3-256 characters`, () => {
      assert.deepEqual(
        commands.map((c) => c.command),
        [...COMMANDS],
      );
      for (const c of commands) {
        assert.equal(c.description, renderMessage(`cmd_${c.command}` as MessageKey, lang));
        assert.ok(c.description.length >= 3 && c.description.length <= 256, c.command);
        if (lang !== 'en') {
          assert.notEqual(c.description, renderMessage(`cmd_${c.command}` as MessageKey, 'en'));
        }
      }
    });
  }
});
