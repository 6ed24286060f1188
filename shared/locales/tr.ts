import type { Catalogue } from '../messages';

/**
 * Turkish, informal "sen". A placeholder never takes a suffix (Turkish suffixes follow
 * the sound of the word before them), so names and numbers stand alone: "{name}:
 * çıkartmalar", "{seconds} sn sonra".
 */
export const tr: Catalogue = {
  start:
    'Merhaba {name}! Bana bir kişinin fotoğrafını gönder, onu arka plandan ayırıp çıkartma olarak geri göndereyim. Fotoğrafa bir açıklama eklersen onu da çıkartmanın üzerine yazarım.',
  help: [
    'Bana bir kişinin fotoğrafını gönder: kişiyi arka plandan ayırıp kaydedebileceğin, iletebileceğin ya da kendi çıkartma paketine ekleyebileceğin bir çıkartma olarak geri gönderirim.',
    '',
    'Neler gönderebilirsin: fotoğraflar ya da dosya olarak gönderilen JPEG, PNG ve WebP görseller (en fazla 20 MB ve {megapixels} megapiksel). En iyi sonucu, net görünen tek bir kişi verir. Zaten şeffaf olan görseller olduğu gibi kalır.',
    'Fotoğrafın açıklaması kişinin altına yazılır.',
    '',
    '/outline beyaz kenarlığı açar ya da kapatır.',
    '/pack çıkartma paketinin bağlantısını verir.',
    '',
    'Sınır: dakikada en fazla {limit} fotoğraf.',
    'Gizlilik: fotoğrafın yalnızca çıkartmanı yapmak için kullanılır ve işlendikten sonra silinir.',
  ].join('\n'),
  unsupported:
    'Kişi fotoğraflarından çıkartma yapıyorum. Bana bir fotoğraf gönder, gerisini ben hallederim.',
  not_image:
    'Yalnızca görselleri kullanabilirim. Bir fotoğraf ya da dosya olarak bir JPEG, PNG veya WebP görsel gönder.',
  too_big:
    'Bu dosya, bir botun indirebileceği en büyük boyut olan 20 MB’tan büyük. Fotoğraf olarak ya da daha küçük bir dosya olarak gönder.',
  too_many_pixels:
    'Bu görsel çok büyük ({megapixels} megapiksel). Lütfen en fazla {limit} megapiksel olan bir görsel gönder.',
  too_small:
    'Bu görsel çok küçük ({width}x{height} piksel). Lütfen her kenarı en az {min} piksel olan bir görsel gönder.',
  undecodable:
    'Bu görseli okuyamadım; bozuk olabilir ya da tanımadığım bir biçimde olabilir. Fotoğraf olarak göndermeyi dene.',
  no_person: 'Bu fotoğrafta bir kişi bulamadım. Birinin net göründüğü bir fotoğrafla dene.',
  failed:
    'Üzgünüm, çıkartman hazırlanırken bir şeyler ters gitti. Lütfen fotoğrafı yeniden gönder.',
  rate_limited:
    'Fotoğrafları yetişebileceğimden hızlı gönderiyorsun: lütfen dakikada en fazla {limit} tane. {seconds} sn sonra yeniden dene.',
  outline_on:
    'Beyaz kenarlık açık: sonraki çıkartmalarında olacak. Kapatmak için /outline komutunu yeniden gönder.',
  outline_off:
    'Beyaz kenarlık kapalı: sonraki çıkartmalarında olmayacak. Yeniden açmak için /outline komutunu tekrar gönder.',
  pack_button: 'Paketime ekle',
  pack_title: '{name}: çıkartmalar',
  pack_added: '“{title}” çıkartma paketine eklendi: {link}',
  pack_added_toast: 'Paketine eklendi',
  pack_already: 'Bu çıkartma zaten paketinde: {link}',
  pack_none:
    'Henüz bir çıkartma paketin yok. Çıkartmalarından birinin altındaki “Paketime ekle” düğmesine bas, senin için bir paket oluşturayım.',
  pack_links: 'Çıkartma paketlerin:\n{links}',
  pack_need_start: 'Önce benimle özel bir sohbet aç ve “Başlat”a bas, sonra düğmeye yeniden bas.',
  pack_gone: 'Bu çıkartma artık kullanılamıyor. Yenisini yapmak için fotoğrafı yeniden gönder.',
  pack_failed: 'Üzgünüm, çıkartmayı şu anda paketine ekleyemedim. Lütfen daha sonra yeniden dene.',
  cmd_start: 'Çıkartma yapmaya başla',
  cmd_help: 'Ne yaptığım, sınırlar ve gizlilik',
  cmd_outline: 'Beyaz kenarlığı aç ya da kapat',
  cmd_pack: 'Çıkartma paketinin bağlantısı',
  // issue 13: /forget and group admins
  cmd_forget: 'Senin hakkında tuttuklarımı sil',
  forget_done:
    'Tamam: senin hakkında tuttuğum her şeyi sildim: /outline ayarını, çıkartma paketlerinin listesini ve fotoğraf sayacını. Fotoğraflar hiç saklanmaz; her biri çıkartması hazır olunca silinir.\n\nÇıkartma paketlerin duruyor: onlar Telegram’da senin, benim değil. Birini silmek için @Stickers botuna /delpack gönder ve paketi seç:\n{links}',
  forget_done_none:
    'Tamam: senin hakkında tuttuğum her şeyi sildim: /outline ayarını, çıkartma paketlerinin listesini ve fotoğraf sayacını. Fotoğraflar hiç saklanmaz; her biri çıkartması hazır olunca silinir.\n\nBenimle yaptığın çıkartma paketleri Telegram’da senin: birini silmek için @Stickers botuna /delpack gönder.',
  outline_admins_only: 'Bir grupta /outline ayarını yalnızca yöneticiler değiştirebilir.',
};
