import type { Catalogue } from '../messages';

/**
 * French, informal "tu" as Telegram's own French texts and most sticker bots use. Seconds
 * are written "s" so that a number from a placeholder never needs a plural ending.
 */
export const fr: Catalogue = {
  start:
    'Salut {name} ! Envoie-moi la photo d’une personne et je te la renvoie en sticker, détourée du fond. Ajoute une légende et je l’écrirai sur le sticker.',
  help: [
    'Envoie-moi la photo d’une personne : je la détoure et je te la renvoie en sticker, que tu peux enregistrer, transférer ou ajouter à ton propre pack de stickers.',
    '',
    'Ce que tu peux envoyer : des photos, ou des images JPEG, PNG et WebP envoyées comme fichier (jusqu’à 20 Mo et {megapixels} mégapixels). Ça marche mieux avec une seule personne bien visible. Les images déjà transparentes restent telles quelles.',
    'La légende de la photo est écrite sous la personne.',
    '',
    '/outline active ou désactive le contour blanc.',
    '/pack affiche tes packs de stickers pour en renommer ou supprimer un, ou choisir où vont les nouveaux.',
    '/undo retire de ton pack le dernier sticker que j’ai ajouté.',
    '',
    'Limite : {limit} photos par minute au maximum.',
    'Confidentialité : ta photo sert uniquement à créer ton sticker et elle est supprimée après le traitement.',
  ].join('\n'),
  unsupported:
    'Je fais des stickers à partir de photos de personnes. Envoie-moi une photo, je m’occupe du reste.',
  not_image:
    'Je ne peux utiliser que des images. Envoie une photo, ou une image JPEG, PNG ou WebP comme fichier.',
  too_big:
    'Ce fichier dépasse 20 Mo, le maximum qu’un bot peut télécharger. Envoie-le plutôt comme photo, ou choisis un fichier plus léger.',
  too_many_pixels:
    'Cette image est trop grande ({megapixels} mégapixels). Envoie-en une de {limit} mégapixels au maximum.',
  too_small:
    'Cette image est minuscule ({width}x{height} pixels). Envoie-en une d’au moins {min} pixels de côté.',
  undecodable:
    'Je n’ai pas pu lire cette image : elle est peut-être abîmée ou dans un format que je ne connais pas. Essaie de l’envoyer comme photo.',
  no_person:
    'Je n’ai trouvé personne sur cette photo. Essaie avec une photo où quelqu’un se voit bien.',
  failed:
    'Désolé, un problème est survenu pendant la création de ton sticker. Renvoie la photo, s’il te plaît.',
  rate_limited:
    'Tu envoies des photos plus vite que je ne peux suivre : {limit} par minute au maximum, s’il te plaît. Réessaie dans {seconds} s.',
  outline_on:
    'Contour blanc activé : tes prochains stickers en auront un. Renvoie /outline pour le désactiver.',
  outline_off:
    'Contour blanc désactivé : tes prochains stickers n’en auront pas. Renvoie /outline pour le réactiver.',
  pack_button: 'Ajouter à mon pack',
  pack_title: 'Les stickers de {name}',
  pack_added: 'Ajouté à ton pack de stickers « {title} » : {link}',
  pack_added_toast: 'Ajouté à ton pack',
  pack_already: 'Ce sticker est déjà dans ton pack : {link}',
  pack_none:
    'Tu n’as pas encore de pack de stickers. Appuie sur « Ajouter à mon pack » sous l’un de tes stickers et je t’en crée un.',
  pack_need_start:
    'Ouvre d’abord une discussion privée avec moi et appuie sur « Démarrer », puis appuie de nouveau sur le bouton.',
  pack_gone: 'Ce sticker n’est plus disponible. Renvoie la photo pour en faire un nouveau.',
  pack_failed:
    'Désolé, je n’ai pas pu ajouter ce sticker à ton pack pour l’instant. Réessaie plus tard.',
  cmd_start: 'Commencer à créer des stickers',
  cmd_help: 'Ce que je fais, limites et confidentialité',
  cmd_outline: 'Activer ou désactiver le contour blanc',
  clip_trimmed:
    'Ta vidéo durait plus de {seconds} s, donc le sticker montre ses {seconds} premières secondes.',
  clip_too_long:
    "Cette vidéo dure {seconds} s. J'accepte les vidéos de {limit} s maximum et je fais le sticker avec les {sticker} premières secondes : envoie-en une plus courte qui commence au moment que tu veux.",
  clip_too_large:
    "Cette vidéo est trop grande pour moi : {width}x{height} pixels à {fps} images par seconde. J'accepte les vidéos de {maxSide} pixels maximum sur le plus grand côté et {maxFps} images par seconde.",
  clip_unreadable:
    "Je n'ai pas pu lire cette vidéo ; elle est peut-être abîmée ou dans un format que je ne connais pas. Essaie de l'envoyer comme vidéo.",
  pack_in_button: '✓ Dans ton pack',
  pack_remove_button: 'Retirer de mon pack',
  pack_keep_button: 'Le garder',
  pack_in_toast: 'Ce sticker est dans ton pack. Le retirer ?',
  pack_removed: 'Retiré de ton pack de stickers « {title} » : {link}',
  pack_removed_toast: 'Retiré de ton pack',
  undo_done: 'Annulé : j’ai retiré de « {title} » le dernier sticker que j’avais ajouté : {link}',
  undo_nothing: 'Rien à annuler : il ne reste aucun sticker que j’ai ajouté à tes packs.',
  own_sticker: 'Ce sticker est dans ton pack « {title} ». Que dois-je en faire ?',
  own_emoji_button: 'Changer l’emoji',
  own_front_button: 'Mettre en premier',
  own_thumb_button: 'En faire l’icône du pack',
  own_remove_button: 'Retirer du pack',
  own_not_yours: 'Ce sticker n’est dans aucun de tes packs.',
  emoji_ask: 'Envoie-moi les emoji de ce sticker : de 1 à 20, en un seul message.',
  emoji_invalid: 'Envoie uniquement des emoji, de 1 à 20, par exemple 😀🎉.',
  emoji_done: 'C’est fait : le sticker est maintenant classé sous {emoji}',
  front_done: 'Placé en tête de ton pack',
  front_already: 'C’est déjà le premier sticker de ton pack',
  thumb_done: 'Ce sticker est maintenant l’icône de « {title} »',
  pack_item: '« {title} » : {count} stickers sur {max}\n{link}',
  pack_item_current: '« {title} » : {count} stickers sur {max}, les nouveaux arrivent ici\n{link}',
  pack_edit_hint:
    'Pour modifier un sticker (son emoji, sa place, l’icône du pack) ou le retirer, envoie-moi le sticker. /undo retire le dernier que j’ai ajouté.',
  pack_rename_button: 'Renommer',
  pack_delete_button: 'Supprimer',
  pack_use_button: 'Nouveaux stickers ici',
  rename_ask: 'Envoie-moi le nouveau nom de « {title} » (de 1 à {max} caractères).',
  rename_invalid: 'Le nom d’un pack doit faire de 1 à {max} caractères. Envoie-en un autre.',
  rename_done: 'C’est fait : ton pack s’appelle maintenant « {title} ».',
  delete_ask:
    'Supprimer le pack « {title} » et ses {count} stickers ? Il disparaîtra pour tous ceux qui l’ont ajouté, et c’est définitif.',
  delete_yes_button: 'Oui, supprimer',
  delete_no_button: 'Non, le garder',
  delete_done: 'Le pack « {title} » est supprimé.',
  delete_kept: 'Gardé : le pack reste tel quel',
  pack_current: 'Les nouveaux stickers vont maintenant dans « {title} ».',
  pack_missing: 'Ce pack n’existe plus. Envoie /pack pour voir les tiens.',
  keywords_set: 'Nouveaux mots de recherche pour ton sticker dans « {title} » : {keywords}',
  keywords_cleared:
    'Ton sticker dans « {title} » n’a plus de mots de recherche : la légende n’en contient aucun.',
  cmd_undo: 'Retirer de ton pack le dernier sticker ajouté',
  unsupported_media:
    'Je fais des stickers à partir de photos et de vidéos de personnes. Envoie-moi une photo, une vidéo ou un GIF, je m’occupe du reste.',
  not_media:
    'Je ne peux utiliser que des images et des clips. Envoie une photo, une vidéo ou un GIF, ou un fichier JPEG, PNG, WebP, GIF, MP4, MOV ou WebM.',
  start_clips:
    'Les vidéos, les GIF et les messages vidéo ronds marchent aussi : ils reviennent en stickers animés.',
  help_clips:
    'Les vidéos, les GIF et les messages vidéo ronds (ainsi que les fichiers MP4, MOV, WebM et GIF) deviennent des stickers animés de la personne, de {seconds} s au plus : un clip plus long donne un sticker de ses {seconds} premières secondes.',
  cmd_pack: 'Lien vers ton pack de stickers',
  // issue 13: /forget and group admins
  cmd_forget: 'Effacer ce que je garde sur toi',
  forget_done:
    'C’est fait : j’ai effacé tout ce que je gardais sur toi : ton réglage /outline, la liste de tes packs de stickers et ton compteur de photos. Les photos ne sont jamais conservées ; chacune est effacée dès que son sticker est prêt.\n\nTes packs de stickers restent : ils t’appartiennent sur Telegram, pas à moi. Pour en supprimer un, envoie /delpack à @Stickers et choisis-le :\n{links}',
  forget_done_none:
    'C’est fait : j’ai effacé tout ce que je gardais sur toi : ton réglage /outline, la liste de tes packs de stickers et ton compteur de photos. Les photos ne sont jamais conservées ; chacune est effacée dès que son sticker est prêt.\n\nLes packs de stickers créés avec moi t’appartiennent sur Telegram : pour en supprimer un, envoie /delpack à @Stickers.',
  outline_admins_only: 'Dans un groupe, seuls ses administrateurs peuvent modifier /outline.',
};
