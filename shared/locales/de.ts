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
    '/pack gibt dir den Link zu deinem Sticker-Pack.',
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
  pack_links: 'Deine Sticker-Packs:\n{links}',
  pack_need_start:
    'Starte zuerst einen privaten Chat mit mir (öffne ihn und tippe auf „Starten“), dann tippe noch mal auf den Button.',
  pack_gone:
    'Dieser Sticker ist nicht mehr verfügbar. Schick das Foto noch mal, um einen neuen zu machen.',
  pack_failed:
    'Tut mir leid, ich konnte den Sticker gerade nicht zu deinem Pack hinzufügen. Bitte versuch es später noch mal.',
  cmd_start: 'Sticker erstellen',
  cmd_help: 'Was ich mache, Limits und Datenschutz',
  cmd_outline: 'Weiße Umrandung ein- oder ausschalten',
  cmd_pack: 'Link zu deinem Sticker-Pack',
  // issue 13: /forget and group admins
  cmd_forget: 'Löschen, was ich über dich speichere',
  forget_done:
    'Erledigt: Ich habe alles gelöscht, was ich über dich gespeichert hatte: deine /outline-Einstellung, die Liste deiner Sticker-Packs und deinen Fotozähler. Fotos werden nie aufbewahrt; jedes wird gelöscht, sobald sein Sticker fertig ist.\n\nDeine Sticker-Packs bleiben: Sie gehören dir auf Telegram, nicht mir. Um eines zu löschen, schick /delpack an @Stickers und wähle es aus:\n{links}',
  forget_done_none:
    'Erledigt: Ich habe alles gelöscht, was ich über dich gespeichert hatte: deine /outline-Einstellung, die Liste deiner Sticker-Packs und deinen Fotozähler. Fotos werden nie aufbewahrt; jedes wird gelöscht, sobald sein Sticker fertig ist.\n\nSticker-Packs, die du mit mir erstellt hast, gehören dir auf Telegram: Um eines zu löschen, schick /delpack an @Stickers.',
  outline_admins_only: 'In einer Gruppe können nur ihre Administratoren /outline ändern.',
};
