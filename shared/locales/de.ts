import type { Catalogue } from '../messages';

/** German, informal "du". */
export const de: Catalogue = {
  start:
    'Hallo {name}! Schick mir ein Foto von einer Person – ich stelle sie vom Hintergrund frei und schicke sie dir als Sticker zurück. Schreib etwas in die Bildunterschrift, dann steht es auf dem Sticker.',
  help: [
    'Schick mir ein Foto von einer Person: Ich stelle sie vom Hintergrund frei und schicke dir einen Sticker, den du speichern, weiterleiten oder zu deinem eigenen Sticker-Pack hinzufügen kannst.',
    '',
    'Was geht: Fotos oder JPEG-, PNG- und WebP-Bilder als Datei (bis 20 MB und {megapixels} Megapixel). Am besten klappt es mit einer gut erkennbaren Person. Bilder, die schon transparent sind, bleiben unverändert.',
    'Eine Bildunterschrift wird unter die Person geschrieben.',
    '',
    '/outline schaltet die weiße Umrandung ein oder aus.',
    '/pack zeigt deine Sticker-Packs: umbenennen, löschen oder wählen, wohin neue Sticker kommen.',
    '/undo entfernt den zuletzt hinzugefügten Sticker aus deinem Pack.',
    '',
    'Faire Nutzung: bis zu {limit} Fotos pro Minute.',
    'Datenschutz: Dein Foto wird nur für deinen Sticker verwendet und nach der Verarbeitung gelöscht.',
  ].join('\n'),
  unsupported:
    'Ich mache Sticker aus Fotos von Personen. Schick mir ein Foto, den Rest erledige ich.',
  not_image:
    'Ich kann nur Bilder verwenden. Schick ein Foto oder ein JPEG-, PNG- oder WebP-Bild als Datei.',
  too_big:
    'Die Datei ist größer als 20 MB – mehr kann ein Bot nicht herunterladen. Schick sie stattdessen als Foto oder nimm eine kleinere Datei.',
  too_many_pixels:
    'Das Bild ist zu groß ({megapixels} Megapixel). Bitte schick eins mit höchstens {limit} Megapixeln.',
  too_small:
    'Das Bild ist winzig ({width}x{height} Pixel). Bitte schick eins mit mindestens {min} Pixeln pro Seite.',
  undecodable:
    'Ich konnte das Bild nicht lesen – vielleicht ist es beschädigt oder in einem Format, das ich nicht kenne. Versuch, es als Foto zu schicken.',
  no_person:
    'Ich konnte auf dem Foto keine Person finden. Versuch es mit einem, auf dem jemand gut zu sehen ist.',
  failed:
    'Tut mir leid, beim Erstellen deines Stickers ist etwas schiefgelaufen. Bitte schick das Foto noch mal.',
  rate_limited:
    'Du schickst Fotos schneller, als ich hinterherkomme: bitte höchstens {limit} pro Minute. Versuch es in {seconds} Sekunden noch mal.',
  outline_on:
    'Weiße Umrandung an: Deine nächsten Sticker bekommen sie. Schick noch mal /outline, um sie auszuschalten.',
  outline_off:
    'Weiße Umrandung aus: Deine nächsten Sticker bekommen keine. Schick noch mal /outline, um sie wieder einzuschalten.',
  pack_button: 'Zum Pack hinzufügen',
  pack_title: 'Sticker von {name}',
  pack_added: 'Zu deinem Sticker-Pack „{title}“ hinzugefügt: {link}',
  pack_added_toast: 'Zu deinem Pack hinzugefügt',
  pack_already: 'Dieser Sticker ist schon in deinem Pack: {link}',
  pack_none:
    'Du hast noch kein Sticker-Pack. Tipp unter einem deiner Sticker auf „Zum Pack hinzufügen“, dann erstelle ich eins für dich.',
  pack_need_start:
    'Starte zuerst einen privaten Chat mit mir (öffne ihn und tippe auf „Starten“), dann tippe noch mal auf den Button.',
  pack_gone:
    'Dieser Sticker ist nicht mehr verfügbar. Schick das Foto noch mal, um einen neuen zu machen.',
  pack_failed:
    'Tut mir leid, ich konnte den Sticker gerade nicht zu deinem Pack hinzufügen. Bitte versuch es später noch mal.',
  cmd_start: 'Sticker erstellen',
  cmd_help: 'Was ich mache, Limits und Datenschutz',
  cmd_outline: 'Weiße Umrandung ein- oder ausschalten',
  clip_trimmed:
    'Dein Clip war länger als {seconds} s, deshalb zeigt der Sticker seine ersten {seconds} s.',
  clip_too_long:
    'Dieser Clip ist {seconds} s lang. Ich nehme Clips bis {limit} s und mache den Sticker aus den ersten {sticker} s. Schick mir einen kürzeren, der mit dem gewünschten Moment beginnt.',
  clip_too_large:
    'Dieser Clip ist mir zu groß: {width}x{height} Pixel bei {fps} Bildern pro Sekunde. Ich nehme Clips mit höchstens {maxSide} Pixeln an der längeren Seite und {maxFps} Bildern pro Sekunde.',
  clip_unreadable:
    'Ich konnte diesen Clip nicht lesen; er ist vielleicht beschädigt oder in einem Format, das ich nicht kenne. Versuche, ihn als Video zu senden.',
  pack_in_button: '✓ In deinem Pack',
  pack_remove_button: 'Aus meinem Pack entfernen',
  pack_keep_button: 'Behalten',
  pack_in_toast: 'Dieser Sticker ist in deinem Pack. Entfernen?',
  pack_removed: 'Aus deinem Sticker-Pack „{title}“ entfernt: {link}',
  pack_removed_toast: 'Aus deinem Pack entfernt',
  undo_done:
    'Rückgängig gemacht: Ich habe den zuletzt hinzugefügten Sticker aus „{title}“ entfernt: {link}',
  undo_nothing:
    'Nichts rückgängig zu machen: In deinen Packs ist kein von mir hinzugefügter Sticker mehr übrig.',
  own_sticker: 'Dieser Sticker ist in deinem Pack „{title}“. Was soll ich damit machen?',
  own_emoji_button: 'Emoji ändern',
  own_front_button: 'Nach vorne verschieben',
  own_thumb_button: 'Als Pack-Symbol verwenden',
  own_remove_button: 'Aus dem Pack entfernen',
  own_not_yours: 'Dieser Sticker ist in keinem deiner Packs.',
  emoji_ask: 'Schick mir die Emoji für diesen Sticker: 1 bis 20, in einer Nachricht.',
  emoji_invalid: 'Bitte schick nur Emoji, 1 bis 20, zum Beispiel 😀🎉.',
  emoji_done: 'Erledigt: Der Sticker ist jetzt unter {emoji} abgelegt',
  front_done: 'An den Anfang deines Packs verschoben',
  front_already: 'Er ist schon der erste Sticker deines Packs',
  thumb_done: 'Dieser Sticker ist jetzt das Symbol von „{title}“',
  pack_item: '„{title}“: {count} von {max} Stickern\n{link}',
  pack_item_current: '„{title}“: {count} von {max} Stickern, neue Sticker kommen hierher\n{link}',
  pack_edit_hint:
    'Um einen Sticker zu ändern (Emoji, Position, Pack-Symbol) oder zu entfernen, schick mir den Sticker. /undo entfernt den zuletzt hinzugefügten.',
  pack_rename_button: 'Umbenennen',
  pack_delete_button: 'Löschen',
  pack_use_button: 'Neue Sticker hierher',
  rename_ask: 'Schick mir den neuen Namen für „{title}“ (1 bis {max} Zeichen).',
  rename_invalid: 'Ein Pack-Name muss 1 bis {max} Zeichen lang sein. Bitte schick einen anderen.',
  rename_done: 'Erledigt: Dein Pack heißt jetzt „{title}“.',
  delete_ask:
    'Das Pack „{title}“ mit seinen {count} Stickern löschen? Es verschwindet für alle, die es hinzugefügt haben, und das lässt sich nicht rückgängig machen.',
  delete_yes_button: 'Ja, löschen',
  delete_no_button: 'Nein, behalten',
  delete_done: 'Das Pack „{title}“ ist gelöscht.',
  delete_kept: 'Behalten: Das Pack bleibt, wie es ist',
  pack_current: 'Neue Sticker kommen jetzt in „{title}“.',
  pack_missing: 'Dieses Pack gibt es nicht mehr. Schick /pack, um deine Packs zu sehen.',
  keywords_set: 'Neue Suchwörter für deinen Sticker in „{title}“: {keywords}',
  keywords_cleared:
    'Dein Sticker in „{title}“ hat keine Suchwörter mehr: Die Bildunterschrift enthält keine.',
  cmd_undo: 'Zuletzt hinzugefügten Sticker aus dem Pack entfernen',
  unsupported_media:
    'Ich mache Sticker aus Fotos und Videos von Personen. Schick mir ein Foto, ein Video oder ein GIF, den Rest erledige ich.',
  not_media:
    'Ich kann nur Bilder und Clips verwenden. Schick ein Foto, ein Video oder ein GIF, oder eine JPEG-, PNG-, WebP-, GIF-, MP4-, MOV- oder WebM-Datei.',
  start_clips:
    'Videos, GIFs und runde Videonachrichten gehen auch: Sie kommen als bewegte Sticker zurück.',
  help_clips:
    'Videos, GIFs und runde Videonachrichten (auch MP4-, MOV-, WebM- und GIF-Dateien) werden zu bewegten Stickern der Person, höchstens {seconds} s lang: Aus einem längeren Clip wird ein Sticker seiner ersten {seconds} s.',
  cmd_pack: 'Link zu deinem Sticker-Pack',
  // issue 13: /forget and group admins
  cmd_forget: 'Löschen, was ich über dich speichere',
  forget_done:
    'Erledigt: Ich habe alles gelöscht, was ich über dich gespeichert hatte: deine /outline-Einstellung, die Liste deiner Sticker-Packs und deinen Fotozähler. Fotos werden nie aufbewahrt; jedes wird gelöscht, sobald sein Sticker fertig ist.\n\nDeine Sticker-Packs bleiben: Sie gehören dir auf Telegram, nicht mir. Um eines zu löschen, schick /delpack an @Stickers und wähle es aus:\n{links}',
  forget_done_none:
    'Erledigt: Ich habe alles gelöscht, was ich über dich gespeichert hatte: deine /outline-Einstellung, die Liste deiner Sticker-Packs und deinen Fotozähler. Fotos werden nie aufbewahrt; jedes wird gelöscht, sobald sein Sticker fertig ist.\n\nSticker-Packs, die du mit mir erstellt hast, gehören dir auf Telegram: Um eines zu löschen, schick /delpack an @Stickers.',
  outline_admins_only: 'In einer Gruppe können nur ihre Administratoren /outline ändern.',
};
