import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { en } from './locales/en';
import { catalogueOf, languageTag, renderMessage } from './messages';
import { decodeReply } from './reply-message';
import { decodeUploadMetadata } from './upload-object';

/**
 * Language codes come from the sender's Telegram client: any string, including the names
 * of Object.prototype's members. None may crash rendering; an invalid one is dropped.
 */
const HOSTILE = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];

describe('hostile language codes', () => {
  for (const code of HOSTILE) {
    it(`${code} renders English`, () => {
      assert.equal(
        renderMessage('start', code, { name: 'Zed' }),
        en.start.replace('{name}', 'Zed'),
      );
      assert.equal(catalogueOf(code), en);
      assert.equal(catalogueOf(`${code}-x`), en);
    });
  }

  it('a placeholder named after a prototype member is not filled from the prototype', () => {
    assert.equal(renderMessage('pack_added', 'en', {}).includes('{link}'), true);
  });

  it('languageTag keeps BCP 47 shaped tags and drops anything else', () => {
    assert.equal(languageTag('pt-br'), 'pt-br');
    assert.equal(languageTag('en'), 'en');
    for (const bad of ['', 'x', '1a', 'en_US!', 'a'.repeat(40), 'en-' + 'b'.repeat(9), 'ключ']) {
      assert.equal(languageTag(bad), undefined, bad);
    }
    assert.equal(languageTag(42), undefined);
  });

  it('upload metadata with a malformed language code keeps the upload, without the code', () => {
    const meta = decodeUploadMetadata({
      chatId: '1',
      messageId: '2',
      updateId: '3',
      source: 'photo',
      languageCode: '__proto__!',
    });
    assert.equal(meta.languageCode, undefined);
  });

  it('a reply with a malformed language code is delivered in English', () => {
    const reply = decodeReply(
      Buffer.from(
        JSON.stringify({
          v: 1,
          chatId: 1,
          updateId: 3,
          kind: 'text',
          key: 'failed',
          languageCode: 'a b',
        }),
      ),
    );
    assert.equal(reply.languageCode, undefined);
  });
});
