import type { Catalogue } from '../messages';

/** Spanish: neutral (Spain and Latin America), informal "tú". */
export const es: Catalogue = {
  start:
    '¡Hola, {name}! Envíame una foto de una persona y te la devuelvo como sticker, recortada del fondo. Añade un texto a la foto y lo escribiré en el sticker.',
  help: [
    'Envíame una foto de una persona: la recorto del fondo y te la devuelvo como sticker para que la guardes, la reenvíes o la añadas a tu propio paquete de stickers.',
    '',
    'Qué puedes enviar: fotos, o imágenes JPEG, PNG y WebP como archivo (hasta 20 MB y {megapixels} megapíxeles). Funciona mejor con una sola persona bien visible. Las imágenes que ya son transparentes se quedan tal cual.',
    'El texto que añadas a la foto se escribe debajo de la persona.',
    '',
    '/outline activa o desactiva el contorno blanco.',
    '/pack muestra tus paquetes de stickers para renombrarlos, borrarlos o elegir adónde van los nuevos.',
    '/undo quita de tu paquete el último sticker que añadí.',
    '',
    'Uso justo: hasta {limit} fotos por minuto.',
    'Privacidad: tu foto solo se usa para crear tu sticker y se borra después de procesarla.',
  ].join('\n'),
  unsupported: 'Hago stickers con fotos de personas. Envíame una foto y yo me encargo del resto.',
  not_image:
    'Solo puedo usar imágenes. Envía una foto, o una imagen JPEG, PNG o WebP como archivo.',
  too_big:
    'Ese archivo pesa más de 20 MB, el máximo que puede descargar un bot. Envíalo como foto o manda un archivo más pequeño.',
  too_many_pixels:
    'Esa imagen es demasiado grande ({megapixels} megapíxeles). Envía una de {limit} megapíxeles como máximo.',
  too_small:
    'Esa imagen es diminuta ({width}x{height} píxeles). Envía una de al menos {min} píxeles por lado.',
  undecodable:
    'No pude leer esa imagen: puede que esté dañada o en un formato que no conozco. Intenta enviarla como foto.',
  no_person:
    'No encontré a ninguna persona en esa foto. Intenta con una en la que se vea bien a alguien.',
  failed: 'Lo siento, algo salió mal al crear tu sticker. Vuelve a enviar la foto, por favor.',
  rate_limited:
    'Estás enviando fotos más rápido de lo que puedo procesarlas: máximo {limit} por minuto, por favor. Vuelve a intentarlo en {seconds} segundos.',
  outline_on:
    'Contorno blanco activado: tus próximos stickers lo tendrán. Envía /outline otra vez para desactivarlo.',
  outline_off:
    'Contorno blanco desactivado: tus próximos stickers no lo tendrán. Envía /outline otra vez para volver a activarlo.',
  pack_button: 'Añadir a mi paquete',
  pack_title: 'Stickers de {name}',
  pack_added: 'Añadido a tu paquete de stickers «{title}»: {link}',
  pack_added_toast: 'Añadido a tu paquete',
  pack_already: 'Ese sticker ya está en tu paquete: {link}',
  pack_none:
    'Aún no tienes un paquete de stickers. Toca «Añadir a mi paquete» debajo de uno de tus stickers y te crearé uno.',
  pack_need_start:
    'Primero abre un chat privado conmigo (ábrelo y toca «Iniciar») y luego vuelve a tocar el botón.',
  pack_gone: 'Ese sticker ya no está disponible. Vuelve a enviar la foto para crear uno nuevo.',
  pack_failed:
    'Lo siento, ahora mismo no pude añadir ese sticker a tu paquete. Inténtalo de nuevo más tarde.',
  cmd_start: 'Empezar a crear stickers',
  cmd_help: 'Qué hago, límites y privacidad',
  cmd_outline: 'Activar o desactivar el contorno blanco',
  clip_trimmed:
    'Tu clip duraba más de {seconds} s, así que el sticker muestra sus primeros {seconds} s.',
  clip_too_long:
    'Ese clip dura {seconds} s. Acepto clips de hasta {limit} s y hago el sticker con los primeros {sticker} s, así que envía uno más corto que empiece con el momento que quieres.',
  clip_too_large:
    'Ese clip es demasiado grande para mí: {width}x{height} píxeles a {fps} fotogramas por segundo. Acepto clips de hasta {maxSide} píxeles en el lado más largo y {maxFps} fotogramas por segundo.',
  clip_unreadable:
    'No pude leer ese clip; puede estar dañado o en un formato que no conozco. Prueba a enviarlo como vídeo.',
  pack_in_button: '✓ En tu paquete',
  pack_remove_button: 'Quitar de mi paquete',
  pack_keep_button: 'Dejarlo',
  pack_in_toast: 'Este sticker está en tu paquete. ¿Quitarlo?',
  pack_removed: 'Quitado de tu paquete de stickers «{title}»: {link}',
  pack_removed_toast: 'Quitado de tu paquete',
  undo_done: 'Deshecho: he quitado de «{title}» el último sticker que añadí: {link}',
  undo_nothing:
    'No hay nada que deshacer: no queda ningún sticker que yo haya añadido a tus paquetes.',
  own_sticker: 'Este sticker está en tu paquete «{title}». ¿Qué hago con él?',
  own_emoji_button: 'Cambiar emoji',
  own_front_button: 'Mover al principio',
  own_thumb_button: 'Usar como icono del paquete',
  own_remove_button: 'Quitar del paquete',
  own_not_yours: 'Ese sticker no está en ninguno de tus paquetes.',
  emoji_ask: 'Envíame los emoji para este sticker: de 1 a 20, en un solo mensaje.',
  emoji_invalid: 'Envía solo emoji, de 1 a 20, por ejemplo 😀🎉.',
  emoji_done: 'Hecho: el sticker ahora está con {emoji}',
  front_done: 'Movido al principio de tu paquete',
  front_already: 'Ya es el primer sticker de tu paquete',
  thumb_done: 'Ese sticker es ahora el icono de «{title}»',
  pack_item: '«{title}»: {count} de {max} stickers\n{link}',
  pack_item_current: '«{title}»: {count} de {max} stickers, los nuevos van aquí\n{link}',
  pack_edit_hint:
    'Para cambiar un sticker (su emoji, su posición, el icono del paquete) o quitarlo, envíame el sticker. /undo quita el último que añadí.',
  pack_rename_button: 'Renombrar',
  pack_delete_button: 'Borrar',
  pack_use_button: 'Poner aquí los nuevos',
  rename_ask: 'Envíame el nuevo nombre para «{title}» (de 1 a {max} caracteres).',
  rename_invalid: 'El nombre de un paquete debe tener de 1 a {max} caracteres. Envía otro.',
  rename_done: 'Hecho: tu paquete ahora se llama «{title}».',
  delete_ask:
    '¿Borrar el paquete «{title}» con sus {count} stickers? Desaparecerá para todos los que lo añadieron y no se puede deshacer.',
  delete_yes_button: 'Sí, borrarlo',
  delete_no_button: 'No, dejarlo',
  delete_done: 'El paquete «{title}» está borrado.',
  delete_kept: 'Sin cambios: el paquete se queda como está',
  pack_current: 'Los nuevos stickers irán ahora a «{title}».',
  pack_missing: 'Ese paquete ya no existe. Envía /pack para ver los que tienes.',
  keywords_set: 'Nuevas palabras de búsqueda para tu sticker en "{title}": {keywords}',
  keywords_cleared:
    'Tu sticker en "{title}" ya no tiene palabras de búsqueda: el pie de foto no tiene ninguna.',
  cmd_undo: 'Quitar de tu paquete el último sticker añadido',
  unsupported_media:
    'Hago stickers con fotos y vídeos de personas. Envíame una foto, un vídeo o un GIF y yo me encargo del resto.',
  not_media:
    'Solo puedo usar imágenes y clips. Envía una foto, un vídeo o un GIF, o un archivo JPEG, PNG, WebP, GIF, MP4, MOV o WebM.',
  start_clips:
    'También sirven los vídeos, los GIF y los videomensajes redondos: vuelven como stickers animados.',
  help_clips:
    'Los vídeos, los GIF y los videomensajes redondos (también archivos MP4, MOV, WebM y GIF) se convierten en stickers animados de la persona, de {seconds} s como máximo: un clip más largo da un sticker con sus primeros {seconds} s.',
  cmd_pack: 'Enlace a tu paquete de stickers',
  // issue 13: /forget and group admins
  cmd_forget: 'Borrar lo que guardo sobre ti',
  forget_done:
    'Hecho: he borrado todo lo que guardaba sobre ti: tu ajuste de /outline, la lista de tus paquetes de stickers y tu contador de fotos. Las fotos nunca se guardan; cada una se borra en cuanto su sticker está hecho.\n\nTus paquetes de stickers siguen ahí: son tuyos en Telegram, no míos. Para borrar uno, envía /delpack a @Stickers y elígelo:\n{links}',
  forget_done_none:
    'Hecho: he borrado todo lo que guardaba sobre ti: tu ajuste de /outline, la lista de tus paquetes de stickers y tu contador de fotos. Las fotos nunca se guardan; cada una se borra en cuanto su sticker está hecho.\n\nLos paquetes de stickers que hiciste conmigo son tuyos en Telegram: para borrar uno, envía /delpack a @Stickers.',
  outline_admins_only: 'En un grupo, solo sus administradores pueden cambiar /outline.',
};
