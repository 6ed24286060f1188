import type { Catalogue } from '../messages';

/**
 * Italian, informal "tu". "Foto" does not change in the plural, and seconds are written
 * "s", so a number from a placeholder reads right whatever it is.
 */
export const it: Catalogue = {
  start:
    'Ciao {name}! Mandami la foto di una persona e te la rimando come sticker, scontornata dallo sfondo. Aggiungi una didascalia e la scriverò sullo sticker.',
  help: [
    'Mandami la foto di una persona: la scontorno dallo sfondo e te la rimando come sticker da salvare, inoltrare o aggiungere al tuo pacchetto di sticker.',
    '',
    'Cosa puoi mandare: foto, oppure immagini JPEG, PNG e WebP inviate come file (fino a 20 MB e {megapixels} megapixel). Funziona meglio con una sola persona ben visibile. Le immagini già trasparenti restano come sono.',
    'La didascalia della foto viene scritta sotto la persona.',
    '',
    '/outline attiva o disattiva il contorno bianco.',
    '/pack ti dà il link al tuo pacchetto di sticker.',
    '',
    'Limite: al massimo {limit} foto al minuto.',
    'Privacy: la tua foto serve solo a creare il tuo sticker e viene eliminata dopo l’elaborazione.',
  ].join('\n'),
  unsupported: 'Creo sticker dalle foto di persone. Mandami una foto e al resto penso io.',
  not_image:
    'Posso usare solo immagini. Manda una foto, oppure un’immagine JPEG, PNG o WebP come file.',
  too_big:
    'Questo file supera i 20 MB, il massimo che un bot può scaricare. Mandalo come foto oppure scegli un file più piccolo.',
  too_many_pixels:
    'Questa immagine è troppo grande ({megapixels} megapixel). Mandane una di {limit} megapixel al massimo.',
  too_small:
    'Questa immagine è minuscola ({width}x{height} pixel). Mandane una di almeno {min} pixel per lato.',
  undecodable:
    'Non sono riuscito a leggere questa immagine: forse è danneggiata o in un formato che non conosco. Prova a mandarla come foto.',
  no_person:
    'Non ho trovato nessuna persona in questa foto. Prova con una in cui qualcuno si vede bene.',
  failed:
    'Scusa, qualcosa è andato storto durante la creazione del tuo sticker. Rimanda la foto, per favore.',
  rate_limited:
    'Mandi foto più in fretta di quanto io riesca a starti dietro: al massimo {limit} al minuto, per favore. Riprova tra {seconds} s.',
  outline_on:
    'Contorno bianco attivato: i tuoi prossimi sticker lo avranno. Manda di nuovo /outline per disattivarlo.',
  outline_off:
    'Contorno bianco disattivato: i tuoi prossimi sticker non lo avranno. Manda di nuovo /outline per riattivarlo.',
  pack_button: 'Aggiungi al mio pacchetto',
  pack_title: 'Gli sticker di {name}',
  pack_added: 'Aggiunto al tuo pacchetto di sticker «{title}»: {link}',
  pack_added_toast: 'Aggiunto al tuo pacchetto',
  pack_already: 'Questo sticker è già nel tuo pacchetto: {link}',
  pack_none:
    'Non hai ancora un pacchetto di sticker. Tocca «Aggiungi al mio pacchetto» sotto uno dei tuoi sticker e te ne creo uno.',
  pack_links: 'I tuoi pacchetti di sticker:\n{links}',
  pack_need_start:
    'Prima apri una chat privata con me e tocca «Avvia», poi tocca di nuovo il pulsante.',
  pack_gone: 'Questo sticker non è più disponibile. Rimanda la foto per crearne uno nuovo.',
  pack_failed:
    'Scusa, al momento non sono riuscito ad aggiungere lo sticker al tuo pacchetto. Riprova più tardi.',
  cmd_start: 'Inizia a creare sticker',
  cmd_help: 'Cosa faccio, limiti e privacy',
  cmd_outline: 'Attiva o disattiva il contorno bianco',
  cmd_pack: 'Link al tuo pacchetto di sticker',
  // issue 13: /forget and group admins
  cmd_forget: 'Cancella ciò che conservo su di te',
  forget_done:
    'Fatto: ho cancellato tutto ciò che conservavo su di te: l’impostazione di /outline, l’elenco dei tuoi pacchetti di sticker e il contatore delle foto. Le foto non vengono mai conservate; ognuna viene cancellata appena lo sticker è pronto.\n\nI tuoi pacchetti di sticker restano: appartengono a te su Telegram, non a me. Per eliminarne uno, invia /delpack a @Stickers e sceglilo:\n{links}',
  forget_done_none:
    'Fatto: ho cancellato tutto ciò che conservavo su di te: l’impostazione di /outline, l’elenco dei tuoi pacchetti di sticker e il contatore delle foto. Le foto non vengono mai conservate; ognuna viene cancellata appena lo sticker è pronto.\n\nI pacchetti di sticker creati con me appartengono a te su Telegram: per eliminarne uno, invia /delpack a @Stickers.',
  outline_admins_only: 'In un gruppo, solo gli amministratori possono cambiare /outline.',
};
