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
    '/pack mostra o link do seu pacote de figurinhas.',
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
  pack_links: 'Seus pacotes de figurinhas:\n{links}',
  pack_need_start:
    'Primeiro abra um chat privado comigo (abra e toque em “Iniciar”), depois toque no botão de novo.',
  pack_gone: 'Essa figurinha não está mais disponível. Envie a foto de novo para fazer uma nova.',
  pack_failed:
    'Desculpe, não consegui adicionar essa figurinha ao seu pacote agora. Tente de novo mais tarde.',
  cmd_start: 'Começar a criar figurinhas',
  cmd_help: 'O que eu faço, limites e privacidade',
  cmd_outline: 'Ligar ou desligar o contorno branco',
  cmd_pack: 'Link do seu pacote de figurinhas',
  // issue 13: /forget and group admins
  cmd_forget: 'Apagar o que guardo sobre você',
  forget_done:
    'Pronto: apaguei tudo o que eu guardava sobre você: sua configuração de /outline, a lista dos seus pacotes de figurinhas e seu contador de fotos. As fotos nunca são guardadas; cada uma é apagada assim que a figurinha fica pronta.\n\nSeus pacotes de figurinhas continuam: eles pertencem a você no Telegram, não a mim. Para apagar um, envie /delpack para @Stickers e escolha-o:\n{links}',
  forget_done_none:
    'Pronto: apaguei tudo o que eu guardava sobre você: sua configuração de /outline, a lista dos seus pacotes de figurinhas e seu contador de fotos. As fotos nunca são guardadas; cada uma é apagada assim que a figurinha fica pronta.\n\nOs pacotes de figurinhas que você fez comigo pertencem a você no Telegram: para apagar um, envie /delpack para @Stickers.',
  outline_admins_only: 'Em um grupo, só os administradores podem mudar o /outline.',
};
