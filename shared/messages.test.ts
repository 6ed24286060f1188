import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LANGUAGES, MESSAGE_KEYS, catalogueOf, renderMessage } from './messages';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it('ships ten languages', () => {
    assert.deepEqual([...LANGUAGES].sort(), [
      'de',
      'en',
      'es',
      'fr',
      'id',
      'it',
      'pt',
      'ru',
      'tr',
      'uk',
    ]);
  });

  for (const lang of LANGUAGES) {
    describe(lang, () => {
      const catalogue = catalogueOf(lang);
      const en = catalogueOf('en');
      for (const key of MESSAGE_KEYS) {
        it(`${key}: present, non-empty, same placeholders as English`, () => {
          const text = catalogue[key];
          assert.equal(typeof text, 'string');
          assert.ok(text.trim().length > 0);
          assert.deepEqual(placeholders(text), placeholders(en[key]));
          if (lang !== 'en' && text === en[key] && !/^\{\w+\}/.test(text)) {
            assert.fail(`${key} is not translated`);
          }
        });
      }

      it('fits Telegram limits: command descriptions 3-256, button text ≤ 64', () => {
        for (const key of MESSAGE_KEYS.filter((k) => k.startsWith('cmd_'))) {
          assert.ok(catalogue[key].length >= 3 && catalogue[key].length <= 256, key);
        }
        assert.ok(catalogue.pack_button.length <= 64);
      });
    });
  }
});

describe('renderMessage', () => {
  const cases: [string | undefined, string][] = [
    [undefined, 'en'],
    ['en', 'en'],
    ['es', 'es'],
    ['pt-br', 'pt'],
    ['PT_br', 'pt'],
    ['de-AT', 'de'],
    ['ru', 'ru'],
    ['fr', 'fr'],
    ['fr-CA', 'fr'],
    ['it', 'it'],
    ['uk', 'uk'],
    ['tr', 'tr'],
    ['id', 'id'],
    ['ja', 'en'],
    ['', 'en'],
    ['zz-unknown', 'en'],
  ];
  for (const [code, lang] of cases) {
    it(`language_code ${JSON.stringify(code)} → ${lang}`, () => {
      assert.equal(renderMessage('no_person', code), catalogueOf(lang).no_person);
    });
  }

  it('fills placeholders and leaves unknown ones visible', () => {
    assert.match(renderMessage('too_small', 'en', { width: 3, height: 4, min: 16 }), /3x4.*16/);
    assert.match(renderMessage('too_small', 'en', { width: 3 }), /\{height\}/);
  });

  it('does not interpret $ patterns in parameters', () => {
    assert.match(renderMessage('start', 'en', { name: "$& $' $1" }), /\$& \$' \$1/);
  });
});
