import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PermanentError } from './errors';
import { decodeReply, encodeReply, type ReplyMessageInput } from './reply-message';

const sticker: ReplyMessageInput = {
  v: 1,
  kind: 'sticker',
  chatId: 7,
  replyTo: 3,
  updateId: 11,
  bucket: 'stickers',
  object: '7/11.webp',
};

test("a sticker reply may carry its caption's emoji, and it survives the round trip", () => {
  const { data } = encodeReply({ ...sticker, emoji: '👨‍👩‍👧' });
  const back = decodeReply(data);
  assert.equal(back.kind === 'sticker' && back.emoji, '👨‍👩‍👧');
  assert.equal('emoji' in decodeReply(encodeReply(sticker).data), false);
});

test('an emoji field that is not exactly one emoji is refused at both ends', () => {
  for (const emoji of ['', 'abc', '🙂🙂', '🙂 ']) {
    assert.throws(() => encodeReply({ ...sticker, emoji }), /not a single emoji/, emoji);
    const raw = JSON.stringify({ ...sticker, emoji });
    assert.throws(() => decodeReply(raw), PermanentError, emoji);
  }
});

test('fields a newer publisher adds are dropped, not fatal (rolling deploys)', () => {
  const back = decodeReply(JSON.stringify({ ...sticker, somethingNew: true }));
  assert.equal('somethingNew' in back, false);
  assert.equal(back.updateId, 11);
});

test('a chat_action names its chat and a known action, and has no sticker fields', () => {
  const action = { v: 1, kind: 'chat_action', chatId: 7, updateId: 11, action: 'choose_sticker' };
  const { data, attributes } = encodeReply(action as ReplyMessageInput);
  assert.equal(attributes.kind, 'chat_action');
  const back = decodeReply(data);
  assert.equal(back.kind === 'chat_action' && back.action, 'choose_sticker');
  assert.equal('object' in back, false);
  for (const bad of [{ action: 'typing' }, { action: undefined }, { chatId: 'x' }]) {
    assert.throws(() => decodeReply(JSON.stringify({ ...action, ...bad })), PermanentError);
  }
});

test('an unknown kind is refused as permanent (acknowledged, never redelivered)', () => {
  assert.throws(() => decodeReply(JSON.stringify({ ...sticker, kind: 'poll' })), PermanentError);
});
