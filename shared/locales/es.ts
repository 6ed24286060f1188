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
    '/pack te da el enlace a tu paquete de stickers.',
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
  pack_links: 'Tus paquetes de stickers:\n{links}',
  pack_need_start:
    'Primero abre un chat privado conmigo (ábrelo y toca «Iniciar») y luego vuelve a tocar el botón.',
  pack_gone: 'Ese sticker ya no está disponible. Vuelve a enviar la foto para crear uno nuevo.',
  pack_failed:
    'Lo siento, ahora mismo no pude añadir ese sticker a tu paquete. Inténtalo de nuevo más tarde.',
  cmd_start: 'Empezar a crear stickers',
  cmd_help: 'Qué hago, límites y privacidad',
  cmd_outline: 'Activar o desactivar el contorno blanco',
  cmd_pack: 'Enlace a tu paquete de stickers',
  // issue 13: /forget and group admins
  cmd_forget: 'Borrar lo que guardo sobre ti',
  forget_done:
    'Hecho: he borrado todo lo que guardaba sobre ti: tu ajuste de /outline, la lista de tus paquetes de stickers y tu contador de fotos. Las fotos nunca se guardan; cada una se borra en cuanto su sticker está hecho.\n\nTus paquetes de stickers siguen ahí: son tuyos en Telegram, no míos. Para borrar uno, envía /delpack a @Stickers y elígelo:\n{links}',
  forget_done_none:
    'Hecho: he borrado todo lo que guardaba sobre ti: tu ajuste de /outline, la lista de tus paquetes de stickers y tu contador de fotos. Las fotos nunca se guardan; cada una se borra en cuanto su sticker está hecho.\n\nLos paquetes de stickers que hiciste conmigo son tuyos en Telegram: para borrar uno, envía /delpack a @Stickers.',
  outline_admins_only: 'En un grupo, solo sus administradores pueden cambiar /outline.',
};
