/**
 * The chat page's HTTP API and the button mechanism behind it, without a browser: the
 * emulator, the real telegraf client as the bot, and a plain webhook receiver. The
 * browser side is tested in emulators/chat-page.test.ts.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { Telegram, TelegramError } from 'telegraf';
import type { CallbackQuery, Update } from 'telegraf/types';
import { makePersonClip } from '../e2e/clips.js';
import { startTelegramEmulator, type TelegramEmulator } from './server.js';

interface Receiver {
  url: string;
  updates: Update[];
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const updates: Update[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      updates.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Update);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    updates,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface SseEvent {
  type: string;
  data: Record<string, unknown>;
}

/** Reads a chat event stream; `next` resolves with the next event of a type (seen or future). */
async function openEvents(url: string) {
  const ctl = new AbortController();
  const res = await fetch(url, { signal: ctl.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  const events: SseEvent[] = [];
  let wake = () => undefined as void;
  void (async () => {
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (type && data)
            events.push({ type, data: JSON.parse(data) as Record<string, unknown> });
          wake();
        }
      }
    } catch {
      /* aborted */
    }
  })();
  let taken = 0;
  return {
    events,
    close: () => ctl.abort(),
    async next(type: string, timeoutMs = 5_000): Promise<Record<string, unknown>> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = events.findIndex((e, k) => k >= taken && e.type === type);
        if (i >= 0) {
          taken = i + 1;
          return events[i]!.data;
        }
        if (Date.now() > deadline) assert.fail(`no ${type} event within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
      }
    },
  };
}

/** A raw request, so that Host and Origin can be set as a browser or an attacker would. */
function request(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: opts.method ?? 'GET', headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

void describe('chat page API of the telegram emulator', () => {
  let tg: TelegramEmulator;
  let bot: Telegram;
  let receiver: Receiver;
  const user = { userId: 5150, firstName: 'Grace' };
  const page = (p: string) => `${tg.apiRoot}/chat/${p}`;

  before(async () => {
    tg = await startTelegramEmulator();
    bot = new Telegram(tg.token, { apiRoot: tg.apiRoot });
    receiver = await startReceiver();
    await bot.setWebhook(receiver.url, { allowed_updates: ['message', 'callback_query'] });
  });

  after(async () => {
    await tg.close();
    await receiver.close();
  });

  void it('serves the page with a strict CSP, next to an unchanged Bot API', async () => {
    assert.equal(tg.chatPageUrl, `${tg.apiRoot}/chat/`);
    const root = await request(`${tg.apiRoot}/`);
    assert.equal(root.status, 302);
    assert.equal(root.headers.location, '/chat/');
    const html = await request(tg.chatPageUrl);
    assert.equal(html.status, 200);
    assert.match(html.headers['content-type'] ?? '', /^text\/html/);
    assert.match(String(html.headers['content-security-policy']), /default-src 'none'/);
    assert.match(String(html.headers['content-security-policy']), /media-src 'self' blob:/);
    assert.match(html.body, /<script src="chat\.js" defer><\/script>/);
    for (const [file, type] of [
      ['chat.js', /^text\/javascript/],
      ['chat.css', /^text\/css/],
    ] as const) {
      const r = await request(page(file));
      assert.equal(r.status, 200, file);
      assert.match(r.headers['content-type'] ?? '', type);
    }
    assert.equal((await request(page('nothing-here'))).status, 404);
    assert.equal((await bot.getMe()).username, 'sticker_local_bot');
    const unknown = await request(`${tg.apiRoot}/elsewhere`);
    assert.equal(unknown.status, 404);
    assert.equal((JSON.parse(unknown.body) as { ok: boolean }).ok, false);
  });

  void it('answers only requests addressed to this machine, and refuses cross-site posts', async () => {
    const rebound = await request(tg.chatPageUrl, { headers: { host: 'attacker.example' } });
    assert.equal(rebound.status, 403);
    const crossSite = await request(page('api/send'), {
      method: 'POST',
      headers: { origin: 'https://attacker.example', 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'text', text: 'hi' }),
    });
    assert.equal(crossSite.status, 403);
    assert.equal(tg.sentMessages().length, 0);
  });

  void it('sends a photo as the user and streams the chat: message, action, sticker, timing', async () => {
    const events = await openEvents(page(`api/events?user=${user.userId}&name=${user.firstName}`));
    try {
      const hello = await events.next('hello');
      assert.deepEqual(hello.user, { userId: user.userId, firstName: 'Grace', languageCode: 'en' });

      const photo = await sharp({
        create: { width: 640, height: 480, channels: 3, background: '#4a7' },
      })
        .jpeg()
        .toBuffer();
      const form = new FormData();
      form.set('user', String(user.userId));
      form.set('kind', 'photo');
      form.set('caption', 'me');
      form.set('file', new Blob([photo], { type: 'image/jpeg' }), 'me.jpg');
      const sent = (await (
        await fetch(page('api/send'), { method: 'POST', body: form })
      ).json()) as {
        ok: boolean;
        update_id: number;
        message_id: number;
      };
      assert.ok(sent.ok);
      const mine = await events.next('message');
      assert.equal(mine.id, sent.message_id);
      assert.equal(mine.from, 'user');
      assert.equal(mine.kind, 'photo');
      assert.equal(mine.text, 'me');
      const file = mine.file as { id: string; width: number };
      assert.equal(file.width, 640);
      const img = await fetch(page(`api/files/${encodeURIComponent(file.id)}`));
      assert.equal(img.headers.get('content-type'), 'image/jpeg');
      assert.equal((await sharp(Buffer.from(await img.arrayBuffer())).metadata()).width, 640);

      await tg.idle();
      assert.ok(receiver.updates.some((u) => u.update_id === sent.update_id));
      await bot.sendChatAction(user.userId, 'choose_sticker');
      assert.equal((await events.next('action')).action, 'choose_sticker');

      tg.annotateUpdate(sent.update_id, { stage: 'webhook', ms: 12.4 });
      assert.deepEqual((await events.next('timing')).stages, { webhook: 12 });
      const sticker = await sharp({
        create: {
          width: 512,
          height: 400,
          channels: 4,
          background: { r: 0, g: 0, b: 0, alpha: 0 },
        },
      })
        .webp()
        .toBuffer();
      await bot.sendSticker(
        user.userId,
        { source: sticker, filename: 'sticker.webp' },
        // telegraf drops object options on multipart calls: JSON, as the sender does.
        { reply_parameters: JSON.stringify({ message_id: sent.message_id }) as never },
      );
      const reply = await events.next('message');
      assert.equal(reply.from, 'bot');
      assert.equal(reply.kind, 'sticker');
      assert.deepEqual(reply.replyTo, { id: sent.message_id, from: 'user', summary: 'Photo: me' });
      const webp = await fetch(page(`api/files/${(reply.file as { id: string }).id}`));
      assert.equal(webp.headers.get('content-type'), 'image/webp');
      const timing = await events.next('timing');
      assert.equal(timing.messageId, sent.message_id);
      assert.equal(typeof timing.totalMs, 'number');
    } finally {
      events.close();
    }
  });

  void it('replays the conversation to a page that connects later', async () => {
    const events = await openEvents(page(`api/events?user=${user.userId}`));
    try {
      await events.next('hello');
      const first = await events.next('message');
      const second = await events.next('message');
      assert.deepEqual([first.kind, second.kind], ['photo', 'sticker']);
      const timing = await events.next('timing');
      assert.equal(timing.stages && (timing.stages as Record<string, number>).webhook, 12);
      assert.deepEqual(await events.next('ready'), { messages: 2 });
    } finally {
      events.close();
    }
  });

  void it('presses an inline button: a real callback_query reaches the bot, which answers once', async () => {
    const events = await openEvents(page(`api/events?user=${user.userId}`));
    try {
      const message = await bot.sendMessage(user.userId, 'Keep it?', {
        reply_markup: {
          inline_keyboard: [
            [
              { text: 'Keep', callback_data: 'keep' },
              { text: 'Docs', url: 'https://core.telegram.org/bots' },
            ],
          ],
        },
      });
      const shown = await events.next('message');
      while (shown.id !== message.message_id) Object.assign(shown, await events.next('message'));
      assert.deepEqual(shown.buttons, [
        [
          { text: 'Keep', data: 'keep' },
          { text: 'Docs', url: 'https://core.telegram.org/bots' },
        ],
      ]);

      const res = await fetch(page('api/callback'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: user.userId, messageId: message.message_id, data: 'keep' }),
      });
      const pressed = (await res.json()) as {
        ok: boolean;
        update_id: number;
        callback_query_id: string;
        delivered: boolean;
      };
      assert.ok(pressed.ok && pressed.delivered);
      await tg.idle();
      const update = receiver.updates.find((u) => u.update_id === pressed.update_id) as
        Update.CallbackQueryUpdate<CallbackQuery.DataQuery> | undefined;
      assert.ok(update, 'the webhook got the callback_query');
      const query = update.callback_query;
      assert.equal(query.id, pressed.callback_query_id);
      assert.match(query.id, /^\d+$/);
      assert.equal(query.data, 'keep');
      assert.equal(query.from.id, user.userId);
      assert.match(query.chat_instance, /^-?\d+$/);
      assert.equal(query.message?.message_id, message.message_id);
      assert.deepEqual(
        (query.message as { reply_markup?: unknown }).reply_markup,
        message.reply_markup,
      );

      assert.equal(await bot.answerCbQuery(query.id, 'Kept', { show_alert: true }), true);
      const answer = await events.next('answer');
      assert.deepEqual(answer, {
        queryId: query.id,
        messageId: message.message_id,
        data: 'keep',
        text: 'Kept',
        showAlert: true,
      });
      const again = await bot.answerCbQuery(query.id).then(
        () => assert.fail('a second answer must fail'),
        (e: unknown) => e,
      );
      assert.ok(again instanceof TelegramError);
      assert.equal(again.code, 400);
      assert.match(again.description, /query ID is invalid/);
    } finally {
      events.close();
    }
  });

  void it('refuses presses no client could make, and says when the bot does not take them', async () => {
    const message = await bot.sendMessage(user.userId, 'No buttons');
    await assert.rejects(
      tg.pressButton(user, message, 'keep'),
      /has no inline button with callback_data "keep"/,
    );
    const withButton = await bot.sendMessage(user.userId, 'One button', {
      reply_markup: { inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] },
    });
    await bot.setWebhook(receiver.url, { allowed_updates: ['message'] });
    try {
      const res = await fetch(page('api/callback'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: user.userId, messageId: withButton.message_id, data: 'go' }),
      });
      const body = (await res.json()) as { delivered: boolean; description: string };
      assert.equal(body.delivered, false);
      assert.match(body.description, /allowed_updates/);
    } finally {
      await bot.setWebhook(receiver.url, { allowed_updates: ['message', 'callback_query'] });
    }
  });

  void it('tells the page when a bot call into its chat fails', async () => {
    const events = await openEvents(page(`api/events?user=${user.userId}`));
    try {
      await events.next('hello');
      await assert.rejects(
        bot.sendMessage(user.userId, 'hi', { reply_parameters: { message_id: 99999 } }),
      );
      const notice = await events.next('notice');
      assert.match(String(notice.text), /sendMessage failed: Bad Request: message to be replied/);
    } finally {
      events.close();
    }
  });

  void it('sends text and image files as the user; refuses what Telegram would refuse', async () => {
    const post = async (fields: Record<string, string | Blob>) => {
      const form = new FormData();
      form.set('user', '6160');
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      const res = await fetch(page('api/send'), { method: 'POST', body: form });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    assert.equal((await post({ kind: 'text', text: '/start' })).status, 200);
    assert.match(String((await post({ kind: 'text', text: '  ' })).body.description), /empty/);
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const doc = await post({
      kind: 'document',
      file: new Blob([png], { type: 'image/png' }),
      caption: 'file',
    });
    assert.equal(doc.status, 200);
    const notImage = await post({ kind: 'photo', file: new Blob(['%PDF-1.4'], { type: 'x/y' }) });
    assert.equal(notImage.status, 400);
    assert.match(String(notImage.body.description), /send it as a file/);
    const messages = tg.sentMessages(6160);
    assert.equal(messages.length, 0, 'the bot said nothing: only the user sent');
  });
  void it('sends a video, a GIF and a round video as the user; serves them to play inline', async () => {
    const post = async (kind: string, data: Buffer, type: string, name: string) => {
      const form = new FormData();
      form.set('user', '6170');
      form.set('kind', kind);
      form.set('file', new Blob([data], { type }), name);
      const res = await fetch(page('api/send'), { method: 'POST', body: form });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const clip = await makePersonClip('video', 1);
    assert.equal((await post('video', clip, 'video/mp4', 'a.mp4')).status, 200);
    const gif = await makePersonClip('gif', 1);
    assert.equal((await post('animation', gif, 'image/gif', 'a.gif')).status, 200);
    assert.equal((await post('video_note', clip, 'video/mp4', 'b.mp4')).status, 200);
    const junk = await post('video', Buffer.from('no video'), 'video/mp4', 'c.mp4');
    assert.equal(junk.status, 400);
    assert.match(String(junk.body.description), /send it as a file/);
    const chat = tg.message({ message_id: 1, chat: { id: 6170 } });
    assert.ok(chat && 'video' in chat, 'the first message is a video');
    const served = await fetch(page(`api/files/${chat.video.file_id}`));
    assert.equal(served.headers.get('content-type'), 'video/mp4');
    assert.equal(served.headers.get('content-disposition'), null, 'plays inline');
    const kinds = [2, 3].map((id) =>
      Object.keys(tg.message({ message_id: id, chat: { id: 6170 } }) ?? {}),
    );
    assert.ok(kinds[0]?.includes('animation') && kinds[0].includes('document'));
    assert.ok(kinds[1]?.includes('video_note'));
  });

  void it('serves a linked sticker set and the command menu the page user would see', async () => {
    await tg.sendText(user, '/start');
    const sticker = await sharp({
      create: { width: 512, height: 512, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .webp()
      .toBuffer();
    const sent = await bot.sendSticker(user.userId, { source: sticker });
    const name = 'page_by_sticker_local_bot';
    await bot.createNewStickerSet(user.userId, name, 'Page', {
      stickers: [{ sticker: sent.sticker.file_id, emoji_list: ['🙂'] }],
      sticker_format: 'static',
    });
    const set = (await (await fetch(page(`api/sticker-sets/${name}`))).json()) as {
      set: { title: string; stickers: { id: string; emoji: string }[] };
    };
    assert.equal(set.set.title, 'Page');
    assert.equal(set.set.stickers[0]?.emoji, '🙂');
    const image = await fetch(page(`api/files/${set.set.stickers[0]?.id ?? ''}`));
    assert.equal(image.headers.get('content-type'), 'image/webp');
    assert.equal((await fetch(page('api/sticker-sets/nope_by_x'))).status, 404);

    await bot.setMyCommands([{ command: 'start', description: 'Start' }]);
    await bot.setMyCommands([{ command: 'empezar', description: 'Empezar' }], {
      language_code: 'es',
    });
    const menu = async (lang: string) =>
      (
        (await (await fetch(page(`api/commands?user=${user.userId}&lang=${lang}`))).json()) as {
          commands: { command: string }[];
        }
      ).commands.map((c) => c.command);
    assert.deepEqual(await menu('es-MX'), ['empezar']);
    assert.deepEqual(await menu('de'), ['start']);
  });

  void it('streams what the bot changes: reactions, keyboards edited in place, the user’s sets', async () => {
    const ada = { userId: 7170, firstName: 'Ada' };
    await tg.sendText(ada, '/start');
    const events = await openEvents(page(`api/events?user=${ada.userId}`));
    try {
      await events.next('ready');
      const hello = await tg.sendText(ada, 'hello');
      await bot.setMessageReaction(ada.userId, hello.message.message_id, [
        { type: 'emoji', emoji: '👀' },
      ]);
      assert.deepEqual(await events.next('reaction'), {
        messageId: hello.message.message_id,
        emoji: ['👀'],
        isBig: false,
      });

      const webp = await sharp({
        create: { width: 512, height: 512, channels: 4, background: '#f80' },
      })
        .webp()
        .toBuffer();
      const keyboard = (text: string, data: string) => ({
        inline_keyboard: [[{ text, callback_data: data }]],
      });
      const sent = await bot.sendSticker(
        ada.userId,
        { source: webp },
        { reply_markup: keyboard('Add', 'add') },
      );
      await bot.editMessageReplyMarkup(
        ada.userId,
        sent.message_id,
        undefined,
        keyboard('✓ In your pack', 'rm'),
      );
      const edited = await events.next('edited');
      assert.equal(edited.id, sent.message_id);
      assert.deepEqual(edited.buttons, [[{ text: '✓ In your pack', data: 'rm' }]]);
      const photo = await tg.sendPhoto(ada, webp, { caption: 'before' });
      const edit = new FormData();
      edit.set('user', String(ada.userId));
      edit.set('kind', 'caption');
      edit.set('messageId', String(photo.message.message_id));
      edit.set('caption', 'after');
      assert.equal((await fetch(page('api/send'), { method: 'POST', body: edit })).status, 200);
      const recaptioned = await events.next('edited');
      assert.equal(recaptioned.id, photo.message.message_id);
      assert.equal(recaptioned.text, 'after', 'a user’s edited caption is redrawn');
      const again = await fetch(page('api/send'), { method: 'POST', body: edit });
      assert.equal(again.status, 400, 'the same caption again is no edit');

      const name = `ada_by_sticker_local_bot`;
      const one = { sticker: sent.sticker.file_id, emoji_list: ['🙂'], format: 'static' };
      await bot.createNewStickerSet(ada.userId, name, 'Ada', { stickers: [one] } as never);
      assert.deepEqual(await events.next('set'), { name, ownerId: ada.userId });
      await bot.setStickerEmojiList(tg.stickerSet(name)?.stickers[0]?.file_id ?? '', ['🐱', '🎉']);
      await events.next('set');
      const view = (await (await fetch(page(`api/sticker-sets/${name}`))).json()) as {
        set: { stickers: { id: string; emojiList: string[] }[] };
      };
      assert.deepEqual(view.set.stickers[0]?.emojiList, ['🐱', '🎉']);

      // The page's user sends that sticker back from the set dialog.
      const form = new FormData();
      form.set('user', String(ada.userId));
      form.set('kind', 'sticker');
      form.set('fileId', view.set.stickers[0]?.id ?? '');
      const res = await fetch(page('api/send'), { method: 'POST', body: form });
      assert.equal(res.status, 200);
      let back = await events.next('message');
      while (back.from !== 'user' || back.kind !== 'sticker') back = await events.next('message');
      assert.deepEqual(back.stickerSets, [name]);
      const bogus = new FormData();
      bogus.set('kind', 'sticker');
      bogus.set('fileId', 'CAACnothing');
      assert.equal((await fetch(page('api/send'), { method: 'POST', body: bogus })).status, 400);

      await bot.deleteStickerSet(name);
      assert.deepEqual(await events.next('set'), { name, ownerId: ada.userId, deleted: true });
    } finally {
      events.close();
    }
    // A page that connects later sees the reaction with the history.
    const later = await openEvents(page(`api/events?user=${ada.userId}`));
    try {
      assert.deepEqual((await later.next('reaction')).emoji, ['👀']);
    } finally {
      later.close();
    }
  });
});
