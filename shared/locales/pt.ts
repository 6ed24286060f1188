import type { Catalogue } from '../messages';

/** Portuguese: Brazilian, "você" (Telegram's pt users are mostly pt-br; stickers are "figurinhas"). */
export const pt: Catalogue = {
  start:
    'Oi, {name}! Envie a foto de uma pessoa e eu devolvo como figurinha, já sem o fundo. Adicione uma legenda à foto e ela vai aparecer na figurinha.',
  help: [
    'Envie a foto de uma pessoa: eu tiro o fundo e devolvo uma figurinha para você salvar, encaminhar ou adicionar ao seu próprio pacote de figurinhas.',
    '',
    'O que funciona: fotos, ou imagens JPEG, PNG e WebP enviadas como arquivo (até 20 MB e {megapixels} megapixels). Funciona melhor com uma pessoa bem visível. Imagens que já são transparentes ficam como estão.',
    'A legenda da foto é escrita embaixo da pessoa.',
    '',
    '/outline liga ou desliga o contorno branco.',
    '/pack mostra seus pacotes de figurinhas para renomear, apagar ou escolher para onde vão as novas.',
    '/undo tira do seu pacote a última figurinha que adicionei.',
    '',
    'Uso justo: até {limit} fotos por minuto.',
    'Privacidade: sua foto é usada só para fazer sua figurinha e é apagada depois do processamento.',
  ].join('\n'),
  unsupported: 'Eu faço figurinhas com fotos de pessoas. Envie uma foto e eu cuido do resto.',
  not_image:
    'Só consigo usar imagens. Envie uma foto ou uma imagem JPEG, PNG ou WebP como arquivo.',
  too_big:
    'Esse arquivo tem mais de 20 MB, o máximo que um bot consegue baixar. Envie como foto ou mande um arquivo menor.',
  too_many_pixels:
    'Essa imagem é grande demais ({megapixels} megapixels). Envie uma de no máximo {limit} megapixels.',
  too_small:
    'Essa imagem é minúscula ({width}x{height} pixels). Envie uma com pelo menos {min} pixels de cada lado.',
  undecodable:
    'Não consegui ler essa imagem: ela pode estar danificada ou em um formato que não conheço. Tente enviar como foto.',
  no_person: 'Não encontrei nenhuma pessoa nessa foto. Tente uma em que alguém apareça bem.',
  failed: 'Desculpe, algo deu errado ao fazer sua figurinha. Envie a foto de novo, por favor.',
  rate_limited:
    'Você está enviando fotos mais rápido do que eu consigo acompanhar: até {limit} por minuto, por favor. Tente de novo em {seconds} segundos.',
  outline_on:
    'Contorno branco ligado: suas próximas figurinhas vão ter contorno. Envie /outline de novo para desligar.',
  outline_off:
    'Contorno branco desligado: suas próximas figurinhas vão vir sem contorno. Envie /outline de novo para ligar outra vez.',
  pack_button: 'Adicionar ao meu pacote',
  pack_title: 'Figurinhas de {name}',
  pack_added: 'Figurinha adicionada ao seu pacote “{title}”: {link}',
  pack_added_toast: 'Adicionada ao seu pacote',
  pack_already: 'Essa figurinha já está no seu pacote: {link}',
  pack_none:
    'Você ainda não tem um pacote de figurinhas. Toque em “Adicionar ao meu pacote” embaixo de uma das suas figurinhas e eu crio um para você.',
  pack_need_start:
    'Primeiro abra um chat privado comigo (abra e toque em “Iniciar”), depois toque no botão de novo.',
  pack_gone: 'Essa figurinha não está mais disponível. Envie a foto de novo para fazer uma nova.',
  pack_failed:
    'Desculpe, não consegui adicionar essa figurinha ao seu pacote agora. Tente de novo mais tarde.',
  cmd_start: 'Começar a criar figurinhas',
  cmd_help: 'O que eu faço, limites e privacidade',
  cmd_outline: 'Ligar ou desligar o contorno branco',
  clip_trimmed:
    'Seu clipe tinha mais de {seconds} s, então a figurinha mostra os primeiros {seconds} s.',
  clip_too_long:
    'Esse clipe tem {seconds} s. Aceito clipes de até {limit} s e faço a figurinha com os primeiros {sticker} s, então envie um mais curto que comece no momento que você quer.',
  clip_too_large:
    'Esse clipe é grande demais para mim: {width}x{height} pixels a {fps} quadros por segundo. Aceito clipes de até {maxSide} pixels no lado maior e {maxFps} quadros por segundo.',
  clip_unreadable:
    'Não consegui ler esse clipe; ele pode estar danificado ou em um formato que não conheço. Tente enviá-lo como vídeo.',
  pack_in_button: '✓ No seu pacote',
  pack_remove_button: 'Remover do meu pacote',
  pack_keep_button: 'Manter',
  pack_in_toast: 'Esta figurinha está no seu pacote. Remover?',
  pack_removed: 'Removida do seu pacote de figurinhas “{title}”: {link}',
  pack_removed_toast: 'Removida do seu pacote',
  undo_done: 'Desfeito: tirei de “{title}” a última figurinha que adicionei: {link}',
  undo_nothing:
    'Nada para desfazer: não sobrou nenhuma figurinha que eu tenha adicionado aos seus pacotes.',
  own_sticker: 'Esta figurinha está no seu pacote “{title}”. O que faço com ela?',
  own_emoji_button: 'Mudar emoji',
  own_front_button: 'Mover para o início',
  own_thumb_button: 'Usar como ícone do pacote',
  own_remove_button: 'Remover do pacote',
  own_not_yours: 'Essa figurinha não está em nenhum dos seus pacotes.',
  emoji_ask: 'Envie os emojis para esta figurinha: de 1 a 20, em uma só mensagem.',
  emoji_invalid: 'Envie só emojis, de 1 a 20, por exemplo 😀🎉.',
  emoji_done: 'Pronto: a figurinha agora está com {emoji}',
  front_done: 'Movida para o início do seu pacote',
  front_already: 'Ela já é a primeira figurinha do seu pacote',
  thumb_done: 'Essa figurinha agora é o ícone de “{title}”',
  pack_item: '“{title}”: {count} de {max} figurinhas\n{link}',
  pack_item_current: '“{title}”: {count} de {max} figurinhas, as novas vão para cá\n{link}',
  pack_edit_hint:
    'Para mudar uma figurinha (emoji, posição, ícone do pacote) ou removê-la, envie a figurinha para mim. /undo remove a última que adicionei.',
  pack_rename_button: 'Renomear',
  pack_delete_button: 'Apagar',
  pack_use_button: 'Novas figurinhas aqui',
  rename_ask: 'Envie o novo nome para “{title}” (de 1 a {max} caracteres).',
  rename_invalid: 'O nome de um pacote precisa ter de 1 a {max} caracteres. Envie outro.',
  rename_done: 'Pronto: seu pacote agora se chama “{title}”.',
  delete_ask:
    'Apagar o pacote “{title}” com suas {count} figurinhas? Ele some para todos que o adicionaram, e isso não pode ser desfeito.',
  delete_yes_button: 'Sim, apagar',
  delete_no_button: 'Não, manter',
  delete_done: 'O pacote “{title}” foi apagado.',
  delete_kept: 'Mantido: o pacote fica como está',
  pack_current: 'As novas figurinhas agora vão para “{title}”.',
  pack_missing: 'Esse pacote não existe mais. Envie /pack para ver os que você tem.',
  keywords_set: 'Novas palavras de busca para sua figurinha em "{title}": {keywords}',
  keywords_cleared:
    'Sua figurinha em "{title}" não tem mais palavras de busca: a legenda não tem nenhuma.',
  cmd_undo: 'Tirar do pacote a última figurinha adicionada',
  unsupported_media:
    'Eu faço figurinhas com fotos e vídeos de pessoas. Envie uma foto, um vídeo ou um GIF e eu cuido do resto.',
  not_media:
    'Só consigo usar imagens e clipes. Envie uma foto, um vídeo ou um GIF, ou um arquivo JPEG, PNG, WebP, GIF, MP4, MOV ou WebM.',
  start_clips:
    'Vídeos, GIFs e mensagens de vídeo redondas também funcionam: eles voltam como figurinhas animadas.',
  help_clips:
    'Vídeos, GIFs e mensagens de vídeo redondas (também arquivos MP4, MOV, WebM e GIF) viram figurinhas animadas da pessoa, com no máximo {seconds} s: um clipe mais longo vira uma figurinha dos seus primeiros {seconds} s.',
  cmd_pack: 'Link do seu pacote de figurinhas',
  // issue 13: /forget and group admins
  cmd_forget: 'Apagar o que guardo sobre você',
  forget_done:
    'Pronto: apaguei tudo o que eu guardava sobre você: sua configuração de /outline, a lista dos seus pacotes de figurinhas e seu contador de fotos. As fotos nunca são guardadas; cada uma é apagada assim que a figurinha fica pronta.\n\nSeus pacotes de figurinhas continuam: eles pertencem a você no Telegram, não a mim. Para apagar um, envie /delpack para @Stickers e escolha-o:\n{links}',
  forget_done_none:
    'Pronto: apaguei tudo o que eu guardava sobre você: sua configuração de /outline, a lista dos seus pacotes de figurinhas e seu contador de fotos. As fotos nunca são guardadas; cada uma é apagada assim que a figurinha fica pronta.\n\nOs pacotes de figurinhas que você fez comigo pertencem a você no Telegram: para apagar um, envie /delpack para @Stickers.',
  outline_admins_only: 'Em um grupo, só os administradores podem mudar o /outline.',
};
