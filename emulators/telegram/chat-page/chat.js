// @ts-check
/**
 * Chat page of the local Telegram emulator: one emulated user talking to the bot.
 * The server does the Telegram side (chat-api.ts); this script only renders what the
 * event stream says and posts what the person does. Plain browser JavaScript, type
 * checked by tsconfig.json beside it; no framework, nothing from the network.
 */

/**
 * @typedef {{ id: string, width?: number, height?: number, mimeType?: string,
 *   name?: string, size?: number, thumbId?: string }} FileView
 * @typedef {{ text: string, data?: string, url?: string }} ButtonView
 * @typedef {{ id: number, from: 'user' | 'bot', summary: string }} ReplyView
 * @typedef {{ id: number, chatId: number, from: 'user' | 'bot', date: number,
 *   kind: 'text' | 'photo' | 'sticker' | 'document' | 'video' | 'animation' | 'video_note'
 *     | 'other', text?: string,
 *   file?: FileView, emoji?: string, replyTo?: ReplyView, buttons?: ButtonView[][],
 *   stickerSets?: string[] }} MessageView
 * @typedef {{ id: string, width: number, height: number, emoji?: string, mimeType?: string,
 *   emojiList: string[], keywords: string[] }} SetStickerView
 * @typedef {{ name: string, title: string, thumbnail?: { id: string, mimeType?: string },
 *   stickers: SetStickerView[] }} SetView
 * @typedef {{ name: string, ownerId: number, deleted?: boolean }} SetChange
 * @typedef {{ messageId: number, emoji: string[], isBig: boolean }} ReactionView
 * @typedef {{ command: string, description: string }} CommandView
 * @typedef {{ updateId: number, chatId: number, messageId: number,
 *   stages: Record<string, number>, totalMs?: number }} TimingView
 * @typedef {{ bot: { id: number, name: string, username?: string },
 *   user: { userId: number, firstName?: string } }} Hello
 * @typedef {{ queryId: string, messageId: number, data: string, text?: string,
 *   showAlert: boolean, url?: string }} Answer
 * @typedef {{ ok: boolean, description?: string, message_id?: number,
 *   callback_query_id?: string, delivered?: boolean }} ApiResult
 */

(() => {
  /** Telegram shows a chat action for 5 s, or until the bot's next message. */
  const ACTION_MS = 5000;
  /** A pressed button spins until the bot answers the query, or gives up like a client does. */
  const PRESS_TIMEOUT_MS = 10000;
  const ACTION_LABELS = /** @type {Record<string, string>} */ ({
    typing: 'typing…',
    choose_sticker: 'choosing a sticker…',
    upload_photo: 'sending a photo…',
    upload_document: 'sending a file…',
    upload_video: 'sending a video…',
    record_video: 'recording a video…',
    record_voice: 'recording a voice message…',
    upload_voice: 'sending a voice message…',
    find_location: 'choosing a location…',
    record_video_note: 'recording a video message…',
    upload_video_note: 'sending a video message…',
  });
  /** What the page calls each kind of clip. */
  const CLIP_NAMES = /** @type {Record<string, string | undefined>} */ ({
    video: 'Video',
    animation: 'GIF',
    video_note: 'Video message',
  });

  /**
   * @template {HTMLElement} T
   * @param {string} id
   * @param {{ new (): T }} type
   * @returns {T}
   */
  const byId = (id, type) => {
    const found = document.getElementById(id);
    if (!(found instanceof type)) throw new Error(`chat page: #${id} is missing`);
    return found;
  };

  /**
   * @template {keyof HTMLElementTagNameMap} K
   * @param {K} tag
   * @param {string} [className]
   * @param {string} [text]
   * @returns {HTMLElementTagNameMap[K]}
   */
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const log = byId('log', HTMLElement);
  const list = byId('messages', HTMLOListElement);
  const intro = byId('intro', HTMLDivElement);
  const status = byId('peer-status', HTMLParagraphElement);
  const toastBox = byId('toast', HTMLDivElement);
  const composer = byId('composer', HTMLFormElement);
  const textInput = byId('text', HTMLInputElement);
  const fileInput = byId('file-input', HTMLInputElement);
  const dropZone = byId('drop-zone', HTMLDivElement);
  const dialog = byId('send-dialog', HTMLDialogElement);
  const preview = byId('send-preview', HTMLImageElement);
  const previewInfo = byId('send-file', HTMLParagraphElement);
  const captionInput = byId('caption', HTMLInputElement);
  const asFile = byId('as-file', HTMLInputElement);
  const asRound = byId('as-round', HTMLInputElement);
  const asRoundLabel = byId('as-round-label', HTMLLabelElement);
  const lastPreview = byId('last-preview', HTMLSpanElement);
  const lastTime = byId('last-time', HTMLTimeElement);

  // Who this page is: ?user=<id>&name=<first name>, else the server's default user.
  const query = new URLSearchParams(location.search);
  const who = new URLSearchParams();
  for (const key of ['user', 'name']) {
    const value = query.get(key);
    if (value) who.set(key, value);
  }
  who.set('lang', navigator.language || 'en');

  /** @type {Map<number, HTMLLIElement>} */
  const rendered = new Map();
  /** @type {Map<number, TimingView>} timings by the user message they belong to */
  const timings = new Map();
  /** @type {Map<number, ReactionView>} the bot's reaction on each message */
  const reactions = new Map();
  /** @type {Map<string, HTMLButtonElement>} pressed buttons waiting for an answer */
  const pressed = new Map();
  /** @type {Set<string>} queries answered before their POST came back */
  const answered = new Set();
  let connected = false;
  let stick = true;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let actionTimer;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let toastTimer;
  /** @type {File | undefined} */
  let chosen;

  // ---- event stream ----------------------------------------------------------------------

  const events = new EventSource(`api/events?${who.toString()}`);

  /**
   * @template T
   * @param {string} type
   * @param {(data: T) => void} handle
   */
  const on = (type, handle) => {
    events.addEventListener(type, (event) => {
      /** @type {unknown} */
      const data = JSON.parse(/** @type {MessageEvent<string>} */ (event).data);
      handle(/** @type {T} */ (data));
    });
  };

  events.addEventListener('open', () => {
    connected = true;
    showStatus();
  });
  events.addEventListener('error', () => {
    connected = false;
    showStatus();
  });

  on('hello', (/** @type {Hello} */ hello) => {
    for (const node of document.querySelectorAll('[data-bot-name]')) {
      node.textContent = hello.bot.name;
    }
    document.title = `${hello.bot.name} · local chat`;
    const me = byId('me', HTMLSpanElement);
    me.textContent = `you: ${hello.user.firstName ?? 'user'} · id ${hello.user.userId}`;
    connected = true;
    showStatus();
    // The whole history follows: start afresh, so that a reconnect (even to a restarted
    // emulator, whose message ids begin again) shows exactly the server's conversation.
    list.replaceChildren();
    rendered.clear();
    timings.clear();
    reactions.clear();
  });

  on('ready', (/** @type {{ messages: number }} */ { messages }) => {
    intro.hidden = messages > 0 || rendered.size > 0;
    stick = true;
    scrollToEnd();
  });

  on('message', (/** @type {MessageView} */ view) => {
    addMessage(view);
    if (view.from === 'bot') {
      stopAction();
      for (const [id, li] of rendered) {
        if (id < view.id && li.classList.contains('user')) markRead(li);
      }
    }
  });

  // The bot edited a message (its keyboard), or the user a caption: redraw it where it is.
  on('edited', (/** @type {MessageView} */ view) => replaceMessage(view));

  on('reaction', (/** @type {ReactionView} */ reaction) => {
    reactions.set(reaction.messageId, reaction);
    const li = rendered.get(reaction.messageId);
    if (li) showReaction(li, reaction);
  });

  // A set of this user changed: an open set dialog shows it as it is now.
  on('set', (/** @type {SetChange} */ change) => {
    if (!setDialog.open || openSet.toLowerCase() !== change.name.toLowerCase()) return;
    if (change.deleted) showSetGone(change.name);
    else void openStickerSet(change.name);
  });

  on('timing', (/** @type {TimingView} */ timing) => {
    timings.set(timing.messageId, timing);
    const li = rendered.get(timing.messageId);
    if (li) showTiming(li, timing);
  });

  on('action', (/** @type {{ action: string }} */ { action }) => {
    status.textContent = ACTION_LABELS[action] ?? `${action.replace(/_/g, ' ')}…`;
    status.classList.add('action');
    clearTimeout(actionTimer);
    actionTimer = setTimeout(stopAction, ACTION_MS);
  });

  on('answer', (/** @type {Answer} */ answer) => {
    answered.add(answer.queryId);
    const button = pressed.get(answer.queryId);
    if (button) button.removeAttribute('aria-busy');
    pressed.delete(answer.queryId);
    if (answer.text) toast(answer.text, answer.showAlert);
    else if (answer.url) toast(`The bot asks to open ${answer.url}`);
  });

  on('notice', (/** @type {{ text: string }} */ { text }) => {
    list.append(el('li', 'notice', text));
  });

  function showStatus() {
    if (status.classList.contains('action')) return;
    status.textContent = connected ? 'bot' : 'connecting…';
  }

  function stopAction() {
    clearTimeout(actionTimer);
    status.classList.remove('action');
    showStatus();
  }

  // ---- rendering -------------------------------------------------------------------------

  /** @param {MessageView} view */
  function addMessage(view) {
    if (rendered.has(view.id)) return;
    const li = renderMessage(view);
    rendered.set(view.id, li);
    // Keep message order even if events ever arrive out of order.
    const next = [...rendered.entries()]
      .filter(([id]) => id > view.id)
      .sort(([a], [b]) => a - b)[0];
    if (next) list.insertBefore(li, next[1]);
    else list.append(li);
    document.querySelector(`[data-pending="${view.id}"]`)?.remove();
    decorate(li, view.id);
    intro.hidden = true;
    refreshDays();
    updateSidebar(view);
    // Your own message always brings you to the end, as in any chat app.
    if (view.from === 'user') stick = true;
    if (stick) scrollToEnd();
  }

  /** @param {MessageView} view */
  function replaceMessage(view) {
    const old = rendered.get(view.id);
    if (!old) return addMessage(view);
    const li = renderMessage(view);
    // The time shown stays the time it was sent; read ticks stay read.
    li.dataset.date = old.dataset.date;
    const time = old.querySelector('.meta time');
    if (time) li.querySelector('.meta time')?.replaceWith(time.cloneNode(true));
    if (old.querySelector('.ticks[aria-label="read"]')) markRead(li);
    old.replaceWith(li);
    rendered.set(view.id, li);
    decorate(li, view.id);
  }

  /**
   * What arrives apart from a message: its timing line and the bot's reaction.
   * @param {HTMLLIElement} li
   * @param {number} id
   */
  function decorate(li, id) {
    const timing = timings.get(id);
    if (timing) showTiming(li, timing);
    const reaction = reactions.get(id);
    if (reaction) showReaction(li, reaction);
  }

  /**
   * The bot's reaction at the foot of a message, as Telegram shows it; none removes it.
   * @param {HTMLLIElement} li
   * @param {ReactionView} reaction
   */
  function showReaction(li, reaction) {
    li.querySelector('.reactions')?.remove();
    if (reaction.emoji.length === 0) return;
    const box = el('div', `reactions${reaction.isBig ? ' big' : ''}`);
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', 'Reactions');
    for (const emoji of reaction.emoji) {
      const chip = el('span', 'reaction', emoji);
      chip.title = 'The bot reacted';
      box.append(chip);
    }
    (li.querySelector('.bubble, .sticker-wrap') ?? li).append(box);
  }

  /**
   * @param {MessageView} view
   * @returns {HTMLLIElement}
   */
  function renderMessage(view) {
    const li = el('li', `msg ${view.from} kind-${view.kind}`);
    li.dataset.id = String(view.id);
    li.dataset.date = String(view.date);
    if (view.kind === 'sticker' && view.file) {
      const wrap = el('div', 'sticker-wrap');
      if (view.replyTo) wrap.append(replyQuote(view.replyTo));
      const img = visual('sticker', view.file, view.emoji ? `Sticker ${view.emoji}` : 'Sticker');
      const row = el('div', 'sticker-row');
      row.append(img, meta(view));
      wrap.append(row);
      li.append(wrap);
    } else {
      const bubble = el('div', 'bubble');
      if (view.replyTo) bubble.append(replyQuote(view.replyTo));
      if (view.kind === 'photo' && view.file) {
        const alt = view.from === 'user' ? 'Photo you sent' : 'Photo from the bot';
        bubble.append(image('media', view.file, view.text ? `${alt}: ${view.text}` : alt));
      } else if (view.kind === 'document' && view.file) {
        bubble.append(...documentParts(view.file));
      } else if (CLIP_NAMES[view.kind] && view.file) {
        const alt = `${CLIP_NAMES[view.kind]}${view.from === 'user' ? ' you sent' : ''}`;
        const round = view.kind === 'video_note' ? ' round' : '';
        bubble.append(visual(`media${round}`, view.file, view.text ? `${alt}: ${view.text}` : alt));
      }
      if (view.text) bubble.append(el('p', 'text', view.text));
      else if (view.kind === 'other') bubble.append(el('p', 'text', 'Unsupported message'));
      bubble.append(meta(view));
      li.append(bubble);
    }
    for (const name of view.stickerSets ?? []) {
      const open = el('button', 'set-link', `View sticker set ${name}`);
      open.type = 'button';
      open.addEventListener('click', () => void openStickerSet(name));
      li.append(open);
    }
    if (view.buttons) li.append(keyboard(view.id, view.buttons));
    if (view.from === 'user' && view.file && view.kind !== 'sticker') {
      const edit = el('button', 'set-link', 'Edit caption');
      edit.type = 'button';
      edit.addEventListener('click', () => void editCaption(view));
      li.append(edit);
    }
    return li;
  }

  /**
   * The user edits a caption, as in Telegram's "Edit": the bot gets an edited_message.
   * @param {MessageView} view
   */
  async function editCaption(view) {
    const caption = window.prompt('New caption (empty removes it)', view.text ?? '');
    if (caption === null || caption.trim() === (view.text ?? '')) return;
    const form = new FormData();
    for (const [k, v] of who) form.set(k, v);
    form.set('kind', 'caption');
    form.set('messageId', String(view.id));
    form.set('caption', caption);
    const result = await post('api/send', form);
    if (!result.ok) toast(`Not edited: ${result.description ?? 'unknown error'}`);
  }

  /**
   * @param {string} className
   * @param {FileView} file
   * @param {string} alt
   */
  function image(className, file, alt) {
    const img = el('img', className);
    img.alt = alt;
    if (file.width && file.height) {
      img.width = file.width;
      img.height = file.height;
    }
    img.decoding = 'async';
    img.src = fileUrl(file.id);
    return img;
  }

  /**
   * An image; or, for a video sticker or a clip, a muted <video> that loops, as Telegram's
   * clients play them (a WebM sticker keeps its transparency over the chat background).
   * @param {string} className
   * @param {FileView} file
   * @param {string} alt
   * @returns {HTMLElement}
   */
  function visual(className, file, alt) {
    if (!file.mimeType?.startsWith('video/')) return image(className, file, alt);
    const video = el('video', className);
    video.muted = true;
    video.loop = true;
    video.autoplay = true;
    video.playsInline = true;
    video.setAttribute('muted', '');
    video.setAttribute('aria-label', alt);
    if (file.width && file.height) {
      video.width = file.width;
      video.height = file.height;
    }
    video.src = fileUrl(file.id);
    return video;
  }

  /** @param {FileView} file */
  function documentParts(file) {
    const name = file.name ?? 'file';
    const ext = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1] ?? 'file';
    /** @type {HTMLElement} */
    let icon;
    if (file.thumbId) {
      const thumb = el('img', 'doc-icon');
      thumb.alt = '';
      thumb.src = fileUrl(file.thumbId);
      icon = thumb;
    } else {
      icon = el('span', 'doc-icon', ext);
    }
    const link = el('a', 'doc-info');
    link.href = fileUrl(file.id);
    link.download = name;
    link.append(el('span', 'doc-name', name));
    const size = file.size !== undefined ? formatBytes(file.size) : '';
    link.append(el('span', 'doc-size', [size, ext.toUpperCase()].filter(Boolean).join(' · ')));
    return [icon, link];
  }

  /** @param {ReplyView} reply */
  function replyQuote(reply) {
    const button = el('button', 'reply-quote');
    button.type = 'button';
    button.title = 'Show the message this replies to';
    const name = reply.from === 'bot' ? document.title.split(' · ')[0] : 'You';
    button.append(el('b', undefined, name ?? ''), el('span', undefined, reply.summary));
    button.addEventListener('click', () => {
      const target = rendered.get(reply.id);
      if (!target) return;
      target.scrollIntoView({ block: 'center', behavior: 'smooth' });
      target.classList.remove('flash');
      void target.offsetWidth;
      target.classList.add('flash');
    });
    return button;
  }

  /** @param {MessageView} view */
  function meta(view) {
    const box = el('span', 'meta');
    const time = el('time', undefined, formatTime(view.date));
    time.dateTime = new Date(view.date).toISOString();
    box.append(time);
    if (view.from === 'user') box.append(ticks(false));
    return box;
  }

  /** @param {boolean} read */
  function ticks(read) {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('class', 'ticks');
    svg.setAttribute('viewBox', '0 0 18 12');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', read ? 'read' : 'sent');
    const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', read ? 'M1.5 6.5 5 10l7-8M8 9.5l.5.5 7-8' : 'M4 6.5 7.5 10l7-8');
    svg.append(path);
    return svg;
  }

  /** @param {HTMLLIElement} li */
  function markRead(li) {
    const old = li.querySelector('.ticks');
    if (!old || old.getAttribute('aria-label') === 'read') return;
    old.replaceWith(ticks(true));
  }

  /**
   * @param {number} messageId
   * @param {ButtonView[][]} rows
   */
  function keyboard(messageId, rows) {
    const box = el('div', 'keyboard');
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', 'Bot buttons');
    for (const row of rows) {
      const line = el('div', 'keyboard-row');
      for (const b of row) {
        const setName = b.url ? /t\.me\/addstickers\/(\w{1,64})/i.exec(b.url)?.[1] : undefined;
        if (setName) {
          const button = el('button', 'inline-button link', b.text);
          button.type = 'button';
          button.addEventListener('click', () => void openStickerSet(setName));
          line.append(button);
        } else if (b.url) {
          const link = el('a', 'inline-button link', b.text);
          link.href = b.url;
          link.target = '_blank';
          link.rel = 'noopener noreferrer';
          line.append(link);
        } else {
          const button = el('button', 'inline-button', b.text);
          button.type = 'button';
          const data = b.data;
          if (data === undefined) button.disabled = true;
          else button.addEventListener('click', () => void press(messageId, data, button));
          line.append(button);
        }
      }
      box.append(line);
    }
    return box;
  }

  /**
   * @param {HTMLLIElement} li
   * @param {TimingView} timing
   */
  function showTiming(li, timing) {
    const kinds = ['photo', 'document', 'video', 'animation', 'video_note'];
    if (!kinds.some((kind) => li.classList.contains(`kind-${kind}`))) return;
    let line = li.querySelector('.timing');
    if (!line) {
      line = el('p', 'timing');
      li.append(line);
    }
    const s = timing.stages;
    const parts = ['webhook', 'matting', 'sender']
      .filter((stage) => s[stage] !== undefined)
      .map((stage) => `${stage} ${s[stage]} ms`);
    if (timing.totalMs !== undefined) parts.push(`total ${timing.totalMs} ms`);
    // One span per stage, so a narrow screen wraps between stages, never inside one.
    line.replaceChildren(
      ...parts.flatMap((part, i) => [...(i > 0 ? [' · '] : []), el('span', undefined, part)]),
    );
    const steps = ['decode', 'segment', 'compose'].filter((step) => s[step] !== undefined);
    line.setAttribute(
      'title',
      steps.length > 0
        ? `matting steps: ${steps.map((step) => `${step} ${s[step]} ms`).join(' · ')}`
        : 'time spent in each function for this photo',
    );
  }

  /** A "Today"-style chip before the first message of each day. */
  function refreshDays() {
    for (const chip of list.querySelectorAll('.day')) chip.remove();
    let last = '';
    for (const li of list.querySelectorAll('.msg')) {
      if (!(li instanceof HTMLLIElement)) continue;
      const day = formatDay(Number(li.dataset.date));
      if (day !== last) li.before(el('li', 'day', day));
      last = day;
    }
  }

  /** @param {MessageView} view */
  function updateSidebar(view) {
    const summary =
      view.kind === 'sticker'
        ? 'Sticker'
        : view.kind === 'photo'
          ? `Photo${view.text ? `, ${view.text}` : ''}`
          : view.kind === 'document'
            ? (view.file?.name ?? 'File')
            : (CLIP_NAMES[view.kind] ?? view.text ?? 'Message');
    lastPreview.textContent = view.from === 'user' ? `You: ${summary}` : summary;
    lastTime.textContent = formatTime(view.date);
  }

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  // Stay at the newest message while the person is there; stop once they scroll up to
  // read. Content growing (an image loading, a timing line) fires no scroll event, so
  // only a move up can unstick, and a resize observer keeps a stuck chat at the end.
  let lastTop = 0;
  log.addEventListener('scroll', () => {
    if (log.scrollHeight - log.scrollTop - log.clientHeight < 120) stick = true;
    else if (log.scrollTop < lastTop) stick = false;
    lastTop = log.scrollTop;
  });
  new ResizeObserver(() => {
    if (stick) scrollToEnd();
  }).observe(list);

  /**
   * @param {string} text
   * @param {boolean} [alert]
   */
  function toast(text, alert = false) {
    toastBox.textContent = text;
    toastBox.classList.toggle('alert', alert);
    toastBox.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => (toastBox.hidden = true), alert ? 6000 : 3500);
  }

  toastBox.addEventListener('click', () => (toastBox.hidden = true));

  // ---- sending ---------------------------------------------------------------------------

  /**
   * @param {string} path
   * @param {FormData | string} body
   * @returns {Promise<ApiResult>}
   */
  async function post(path, body) {
    try {
      const res = await fetch(path, {
        method: 'POST',
        body,
        ...(typeof body === 'string' && { headers: { 'content-type': 'application/json' } }),
      });
      /** @type {unknown} */
      const result = await res.json();
      return /** @type {ApiResult} */ (result);
    } catch (err) {
      return { ok: false, description: `the emulator did not answer (${String(err)})` };
    }
  }

  /**
   * Shows the message at once with a clock; the real one from the stream replaces it.
   * @param {HTMLElement} content
   */
  function pendingBubble(content) {
    const li = el('li', 'msg user pending');
    li.dataset.date = String(Date.now());
    const bubble = el('div', 'bubble');
    bubble.append(content);
    const box = el('span', 'meta');
    box.append(el('time', undefined, formatTime(Date.now())));
    bubble.append(box);
    li.append(bubble);
    list.append(li);
    stick = true;
    scrollToEnd();
    return li;
  }

  /**
   * @param {HTMLLIElement} li
   * @param {ApiResult} result
   */
  function settle(li, result) {
    if (!result.ok) {
      li.classList.replace('pending', 'failed');
      toast(`Not sent: ${result.description ?? 'unknown error'}`);
      return;
    }
    if (result.message_id === undefined || rendered.has(result.message_id)) li.remove();
    else li.dataset.pending = String(result.message_id);
  }

  /** @param {string} text */
  async function sendText(text) {
    const li = pendingBubble(el('p', 'text', text));
    const form = new FormData();
    for (const [k, v] of who) form.set(k, v);
    form.set('kind', 'text');
    form.set('text', text);
    settle(li, await post('api/send', form));
  }

  /** @param {SetStickerView} sticker */
  async function sendSticker(sticker) {
    const li = pendingBubble(visual('sticker', sticker, 'Sticker being sent'));
    li.classList.add('kind-sticker');
    const form = new FormData();
    for (const [k, v] of who) form.set(k, v);
    form.set('kind', 'sticker');
    form.set('fileId', sticker.id);
    settle(li, await post('api/send', form));
  }

  /**
   * @param {File} file
   * @param {string} caption
   * @param {'photo' | 'document' | 'video' | 'animation' | 'video_note'} kind
   */
  async function sendFile(file, caption, kind) {
    const content = el('div');
    if (kind === 'document') {
      content.append(
        el('span', 'doc-name', file.name),
        el('span', 'doc-size', formatBytes(file.size)),
      );
    } else if (file.type.startsWith('video/')) {
      const video = el('video', kind === 'video_note' ? 'media round' : 'media');
      video.muted = true;
      video.setAttribute('aria-label', 'Video being sent');
      video.src = URL.createObjectURL(file);
      video.addEventListener('loadeddata', () => URL.revokeObjectURL(video.src), { once: true });
      content.append(video);
    } else {
      const img = el('img', 'media');
      img.alt = kind === 'animation' ? 'GIF being sent' : 'Photo being sent';
      img.src = URL.createObjectURL(file);
      img.addEventListener('load', () => URL.revokeObjectURL(img.src), { once: true });
      content.append(img);
    }
    if (caption) content.append(el('p', 'text', caption));
    const li = pendingBubble(content);
    li.classList.add(`kind-${kind}`);
    const form = new FormData();
    for (const [k, v] of who) form.set(k, v);
    form.set('kind', kind);
    if (caption) form.set('caption', caption);
    form.set('file', file, file.name);
    settle(li, await post('api/send', form));
  }

  /**
   * @param {number} messageId
   * @param {string} data
   * @param {HTMLButtonElement} button
   */
  async function press(messageId, data, button) {
    if (button.getAttribute('aria-busy') === 'true') return;
    button.setAttribute('aria-busy', 'true');
    const body = JSON.stringify({ ...Object.fromEntries(who), messageId, data });
    const result = await post('api/callback', body);
    const id = result.callback_query_id;
    if (!result.ok || !result.delivered || id === undefined) {
      button.removeAttribute('aria-busy');
      toast(result.description ?? 'The button press was not delivered');
      return;
    }
    if (answered.has(id)) {
      button.removeAttribute('aria-busy');
      return;
    }
    pressed.set(id, button);
    setTimeout(() => {
      if (pressed.get(id) !== button) return;
      pressed.delete(id);
      button.removeAttribute('aria-busy');
    }, PRESS_TIMEOUT_MS);
  }

  composer.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = textInput.value.trim();
    if (!text) return;
    textInput.value = '';
    void sendText(text);
  });

  byId('start-button', HTMLButtonElement).addEventListener('click', () => void sendText('/start'));

  // ---- choosing a photo: picker, drop, paste ---------------------------------------------

  byId('attach', HTMLButtonElement).addEventListener('click', () => fileInput.click());

  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (file) openSendDialog(file);
  });

  /** @param {File} file */
  function openSendDialog(file) {
    chosen = file;
    const isImage = /^image\/(jpeg|png|webp|gif)$/.test(file.type);
    preview.hidden = !isImage;
    if (preview.src.startsWith('blob:')) URL.revokeObjectURL(preview.src);
    preview.src = isImage ? URL.createObjectURL(file) : '';
    previewInfo.textContent = `${file.name} · ${formatBytes(file.size)}`;
    captionInput.value = '';
    const isVideo = file.type.startsWith('video/');
    // Telegram takes photos up to 10 MB and only pictures it can show; the rest go as files.
    // Videos and GIFs go as clips; a video may also go as a round video message.
    const gif = file.type === 'image/gif';
    asFile.checked = !(isImage || isVideo) || (isImage && !gif && file.size > 10 * 1024 * 1024);
    asRound.checked = false;
    asRoundLabel.hidden = !isVideo;
    dialog.returnValue = '';
    dialog.showModal();
    captionInput.focus();
  }

  /**
   * How the chosen file goes out: as a file, a GIF (animation), a video, a round video
   * message or a photo.
   * @param {File} file
   * @returns {'photo' | 'document' | 'video' | 'animation' | 'video_note'}
   */
  function sendKind(file) {
    if (asFile.checked) return 'document';
    if (file.type === 'image/gif') return 'animation';
    if (file.type.startsWith('video/')) return asRound.checked ? 'video_note' : 'video';
    return 'photo';
  }

  byId('send-cancel', HTMLButtonElement).addEventListener('click', () => dialog.close());

  dialog.addEventListener('close', () => {
    const file = chosen;
    chosen = undefined;
    if (preview.src.startsWith('blob:')) URL.revokeObjectURL(preview.src);
    if (dialog.returnValue === 'send' && file) {
      void sendFile(file, captionInput.value.trim(), sendKind(file));
    }
    textInput.focus();
  });

  const chat = byId('chat', HTMLElement);
  let dragDepth = 0;
  /** @param {DragEvent} event */
  const hasFiles = (event) => event.dataTransfer?.types.includes('Files') ?? false;
  chat.addEventListener('dragenter', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    dragDepth += 1;
    dropZone.hidden = false;
  });
  chat.addEventListener('dragover', (event) => {
    if (hasFiles(event)) event.preventDefault();
  });
  chat.addEventListener('dragleave', () => {
    dragDepth = Math.max(0, dragDepth - 1);
    if (dragDepth === 0) dropZone.hidden = true;
  });
  chat.addEventListener('drop', (event) => {
    event.preventDefault();
    dragDepth = 0;
    dropZone.hidden = true;
    const file = event.dataTransfer?.files[0];
    if (file) openSendDialog(file);
  });
  textInput.addEventListener('paste', (event) => {
    const file = event.clipboardData?.files[0];
    if (file?.type.startsWith('image/')) {
      event.preventDefault();
      openSendDialog(file);
    }
  });

  // ---- sticker sets and the command menu ------------------------------------------------

  const setDialog = byId('set-dialog', HTMLDialogElement);
  const setGrid = byId('set-grid', HTMLUListElement);
  const setTitle = byId('set-title', HTMLHeadingElement);
  const setInfo = byId('set-name', HTMLParagraphElement);
  const setThumb = byId('set-thumb', HTMLImageElement);
  /** The set the dialog shows, so that changes to it redraw it. */
  let openSet = '';

  /**
   * Shows a set as a client does for a t.me/addstickers link, and keeps it current while
   * open: stickers on a checkerboard with all their emoji, the set's thumbnail if it has
   * one. A sticker tapped is sent to the bot, as from a client's sticker panel.
   */
  async function openStickerSet(/** @type {string} */ name) {
    const res = await fetch(`api/sticker-sets/${encodeURIComponent(name)}`).catch(() => undefined);
    /** @type {unknown} */
    const json = res ? await res.json() : { description: 'the emulator did not answer' };
    const body = /** @type {{ set?: SetView, description?: string }} */ (json);
    const showing = setDialog.open && openSet.toLowerCase() === name.toLowerCase();
    if (!body.set && showing) return showSetGone(name);
    if (!body.set) return toast(`Sticker set ${name}: ${body.description ?? 'not found'}`, true);
    openSet = body.set.name;
    renderSet(body.set);
    if (!setDialog.open) setDialog.showModal();
  }

  /** @param {SetView} set */
  function renderSet(set) {
    setTitle.textContent = set.title;
    const count = set.stickers.length;
    setInfo.textContent = `${set.name} · ${count} sticker${count === 1 ? '' : 's'}`;
    const thumb = set.thumbnail?.mimeType?.startsWith('image/') ? set.thumbnail : undefined;
    setThumb.hidden = !thumb;
    if (thumb) setThumb.src = fileUrl(thumb.id);
    else setThumb.removeAttribute('src');
    setGrid.replaceChildren(
      ...set.stickers.map((s) => {
        const item = el('li', 'set-item');
        const emoji = s.emojiList.join(' ');
        const send = el('button', 'set-send');
        send.type = 'button';
        send.setAttribute('aria-label', `Send sticker ${emoji}`.trim());
        send.title = s.keywords.length > 0 ? `Keywords: ${s.keywords.join(', ')}` : 'Send it';
        send.append(visual('set-sticker', s, ''), el('span', 'set-emoji', emoji));
        send.addEventListener('click', () => {
          setDialog.close();
          void sendSticker(s);
        });
        item.append(send);
        return item;
      }),
    );
  }

  /** @param {string} name */
  function showSetGone(name) {
    setTitle.textContent = 'Sticker set deleted';
    setInfo.textContent = `${name} no longer exists`;
    setThumb.hidden = true;
    setGrid.replaceChildren();
  }

  const commandsButton = byId('commands', HTMLButtonElement);
  const commandMenu = byId('command-menu', HTMLUListElement);

  /** The menu this user's client would show: the server resolves scope and language. */
  commandsButton.addEventListener('click', async () => {
    if (!commandMenu.hidden) return closeCommands();
    const res = await fetch(`api/commands?${who.toString()}`).catch(() => undefined);
    /** @type {unknown} */
    const json = res ? await res.json() : {};
    const body = /** @type {{ commands?: CommandView[] }} */ (json);
    const commands = body.commands ?? [];
    commandMenu.replaceChildren(
      ...(commands.length === 0
        ? [el('li', 'command-empty', 'The bot has set no commands')]
        : commands.map((c) => {
            const item = el('li');
            const pick = el('button', 'command-item');
            pick.type = 'button';
            pick.append(
              el('span', 'command-name', `/${c.command}`),
              el('span', 'command-text', c.description),
            );
            pick.addEventListener('click', () => {
              closeCommands();
              void sendText(`/${c.command}`);
            });
            item.append(pick);
            return item;
          })),
    );
    commandMenu.hidden = false;
    commandsButton.setAttribute('aria-expanded', 'true');
  });

  function closeCommands() {
    commandMenu.hidden = true;
    commandsButton.setAttribute('aria-expanded', 'false');
  }

  // ---- formatting ------------------------------------------------------------------------

  /** @param {number} ms */
  function formatTime(ms) {
    return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  /** @param {number} ms */
  function formatDay(ms) {
    const day = new Date(ms);
    const today = new Date();
    if (day.toDateString() === today.toDateString()) return 'Today';
    return day.toLocaleDateString([], { month: 'long', day: 'numeric' });
  }

  /** @param {number} bytes */
  function formatBytes(bytes) {
    if (bytes < 1024) return `${bytes} B`;
    if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
    return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  }

  /** @param {string} fileId */
  function fileUrl(fileId) {
    return `api/files/${encodeURIComponent(fileId)}`;
  }
})();
