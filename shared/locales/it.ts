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
    '/pack mostra i tuoi pacchetti di sticker per rinominarli, eliminarli o scegliere dove vanno i nuovi.',
    '/undo toglie dal tuo pacchetto l’ultimo sticker che ho aggiunto.',
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
  pack_need_start:
    'Prima apri una chat privata con me e tocca «Avvia», poi tocca di nuovo il pulsante.',
  pack_gone: 'Questo sticker non è più disponibile. Rimanda la foto per crearne uno nuovo.',
  pack_failed:
    'Scusa, al momento non sono riuscito ad aggiungere lo sticker al tuo pacchetto. Riprova più tardi.',
  cmd_start: 'Inizia a creare sticker',
  cmd_help: 'Cosa faccio, limiti e privacy',
  cmd_outline: 'Attiva o disattiva il contorno bianco',
  clip_trimmed:
    'Il tuo video durava più di {seconds} s, quindi lo sticker mostra i primi {seconds} s.',
  clip_too_long:
    'Questo video dura {seconds} s. Accetto video fino a {limit} s e faccio lo sticker con i primi {sticker} s, quindi mandane uno più corto che inizi dal momento che vuoi.',
  clip_too_large:
    'Questo video è troppo grande per me: {width}x{height} pixel a {fps} fotogrammi al secondo. Accetto video fino a {maxSide} pixel sul lato lungo e {maxFps} fotogrammi al secondo.',
  clip_unreadable:
    'Non sono riuscito a leggere questo video; potrebbe essere danneggiato o in un formato che non conosco. Prova a inviarlo come video.',
  pack_in_button: '✓ Nel tuo pacchetto',
  pack_remove_button: 'Togli dal mio pacchetto',
  pack_keep_button: 'Tienilo',
  pack_in_toast: 'Questo sticker è nel tuo pacchetto. Toglierlo?',
  pack_removed: 'Tolto dal tuo pacchetto di sticker «{title}»: {link}',
  pack_removed_toast: 'Tolto dal tuo pacchetto',
  undo_done: 'Annullato: ho tolto da «{title}» l’ultimo sticker che avevo aggiunto: {link}',
  undo_nothing: 'Niente da annullare: nei tuoi pacchetti non resta nessuno sticker aggiunto da me.',
  own_sticker: 'Questo sticker è nel tuo pacchetto «{title}». Cosa ne faccio?',
  own_emoji_button: 'Cambia emoji',
  own_front_button: 'Sposta all’inizio',
  own_thumb_button: 'Usalo come icona del pacchetto',
  own_remove_button: 'Togli dal pacchetto',
  own_not_yours: 'Quello sticker non è in nessuno dei tuoi pacchetti.',
  emoji_ask: 'Mandami le emoji per questo sticker: da 1 a 20, in un solo messaggio.',
  emoji_invalid: 'Manda solo emoji, da 1 a 20, per esempio 😀🎉.',
  emoji_done: 'Fatto: ora lo sticker è associato a {emoji}',
  front_done: 'Spostato all’inizio del tuo pacchetto',
  front_already: 'È già il primo sticker del tuo pacchetto',
  thumb_done: 'Ora quello sticker è l’icona di «{title}»',
  pack_item: '«{title}»: {count} sticker su {max}\n{link}',
  pack_item_current: '«{title}»: {count} sticker su {max}, i nuovi finiscono qui\n{link}',
  pack_edit_hint:
    'Per cambiare uno sticker (emoji, posizione, icona del pacchetto) o toglierlo, mandami lo sticker. /undo toglie l’ultimo che ho aggiunto.',
  pack_rename_button: 'Rinomina',
  pack_delete_button: 'Elimina',
  pack_use_button: 'Nuovi sticker qui',
  rename_ask: 'Mandami il nuovo nome per «{title}» (da 1 a {max} caratteri).',
  rename_invalid: 'Il nome di un pacchetto deve avere da 1 a {max} caratteri. Mandane un altro.',
  rename_done: 'Fatto: ora il tuo pacchetto si chiama «{title}».',
  delete_ask:
    'Eliminare il pacchetto «{title}» con i suoi {count} sticker? Sparirà per tutti quelli che l’hanno aggiunto e non si può annullare.',
  delete_yes_button: 'Sì, eliminalo',
  delete_no_button: 'No, tienilo',
  delete_done: 'Il pacchetto «{title}» è stato eliminato.',
  delete_kept: 'Nessuna modifica: il pacchetto resta com’è',
  pack_current: 'Ora i nuovi sticker vanno in «{title}».',
  pack_missing: 'Quel pacchetto non esiste più. Manda /pack per vedere i tuoi.',
  keywords_set: 'Nuove parole di ricerca per il tuo sticker in "{title}": {keywords}',
  keywords_cleared:
    'Il tuo sticker in "{title}" non ha più parole di ricerca: la didascalia non ne contiene.',
  cmd_undo: 'Togli dal pacchetto l’ultimo sticker aggiunto',
  unsupported_media:
    'Creo sticker dalle foto e dai video di persone. Mandami una foto, un video o una GIF e al resto penso io.',
  not_media:
    'Posso usare solo immagini e clip. Manda una foto, un video o una GIF, oppure un file JPEG, PNG, WebP, GIF, MP4, MOV o WebM.',
  start_clips: 'Vanno bene anche video, GIF e videomessaggi rotondi: tornano come sticker animati.',
  help_clips:
    'Video, GIF e videomessaggi rotondi (anche file MP4, MOV, WebM e GIF) diventano sticker animati della persona, lunghi al massimo {seconds} s: da una clip più lunga nasce uno sticker dei suoi primi {seconds} s.',
  cmd_pack: 'Link al tuo pacchetto di sticker',
  // issue 13: /forget and group admins
  cmd_forget: 'Cancella ciò che conservo su di te',
  forget_done:
    'Fatto: ho cancellato tutto ciò che conservavo su di te: l’impostazione di /outline, l’elenco dei tuoi pacchetti di sticker e il contatore delle foto. Le foto non vengono mai conservate; ognuna viene cancellata appena lo sticker è pronto.\n\nI tuoi pacchetti di sticker restano: appartengono a te su Telegram, non a me. Per eliminarne uno, invia /delpack a @Stickers e sceglilo:\n{links}',
  forget_done_none:
    'Fatto: ho cancellato tutto ciò che conservavo su di te: l’impostazione di /outline, l’elenco dei tuoi pacchetti di sticker e il contatore delle foto. Le foto non vengono mai conservate; ognuna viene cancellata appena lo sticker è pronto.\n\nI pacchetti di sticker creati con me appartengono a te su Telegram: per eliminarne uno, invia /delpack a @Stickers.',
  outline_admins_only: 'In un gruppo, solo gli amministratori possono cambiare /outline.',
};
