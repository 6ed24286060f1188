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
    '/pack çıkartma paketlerini gösterir: yeniden adlandır, sil ya da yeni çıkartmaların nereye gideceğini seç.',
    '/undo en son eklediğim çıkartmayı paketinden çıkarır.',
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
  pack_need_start: 'Önce benimle özel bir sohbet aç ve “Başlat”a bas, sonra düğmeye yeniden bas.',
  pack_gone: 'Bu çıkartma artık kullanılamıyor. Yenisini yapmak için fotoğrafı yeniden gönder.',
  pack_failed: 'Üzgünüm, çıkartmayı şu anda paketine ekleyemedim. Lütfen daha sonra yeniden dene.',
  cmd_start: 'Çıkartma yapmaya başla',
  cmd_help: 'Ne yaptığım, sınırlar ve gizlilik',
  cmd_outline: 'Beyaz kenarlığı aç ya da kapat',
  clip_trimmed:
    "Videon {seconds} sn'den uzundu, bu yüzden çıkartma ilk {seconds} sn'sini gösteriyor.",
  clip_too_long:
    "Bu video {seconds} sn uzunluğunda. En fazla {limit} sn'lik videoları alıyorum ve çıkartmayı ilk {sticker} sn'den yapıyorum; istediğin anla başlayan daha kısa bir video gönder.",
  clip_too_large:
    'Bu video benim için çok büyük: saniyede {fps} kare ile {width}x{height} piksel. Uzun kenarı en fazla {maxSide} piksel ve saniyede en fazla {maxFps} kare olan videoları alıyorum.',
  clip_unreadable:
    'Bu videoyu okuyamadım; bozuk olabilir ya da bilmediğim bir biçimde olabilir. Video olarak göndermeyi dene.',
  pack_in_button: '✓ Paketinde',
  pack_remove_button: 'Paketimden çıkar',
  pack_keep_button: 'Kalsın',
  pack_in_toast: 'Bu çıkartma paketinde. Çıkarılsın mı?',
  pack_removed: '“{title}” çıkartma paketinden çıkarıldı: {link}',
  pack_removed_toast: 'Paketinden çıkarıldı',
  undo_done: 'Geri alındı: en son eklediğim çıkartmayı “{title}” paketinden çıkardım: {link}',
  undo_nothing: 'Geri alınacak bir şey yok: paketlerinde benim eklediğim çıkartma kalmadı.',
  own_sticker: 'Bu çıkartma “{title}” paketinde. Onunla ne yapayım?',
  own_emoji_button: 'Emojiyi değiştir',
  own_front_button: 'En başa taşı',
  own_thumb_button: 'Paket simgesi yap',
  own_remove_button: 'Paketten çıkar',
  own_not_yours: 'Bu çıkartma paketlerinin hiçbirinde değil.',
  emoji_ask: 'Bu çıkartma için emojileri gönder: 1 ile 20 arası, tek mesajda.',
  emoji_invalid: 'Lütfen yalnızca emoji gönder, 1 ile 20 arası, örneğin 😀🎉.',
  emoji_done: 'Tamam: çıkartma artık {emoji} altında',
  front_done: 'Paketinin en başına taşındı',
  front_already: 'Zaten paketinin ilk çıkartması',
  thumb_done: 'Bu çıkartma artık “{title}” paketinin simgesi',
  pack_item: '“{title}”: {count}/{max} çıkartma\n{link}',
  pack_item_current: '“{title}”: {count}/{max} çıkartma, yeni çıkartmalar buraya gelir\n{link}',
  pack_edit_hint:
    'Bir çıkartmayı değiştirmek (emojisi, yeri, paket simgesi) ya da çıkarmak için çıkartmayı bana gönder. /undo en son eklediğimi çıkarır.',
  pack_rename_button: 'Yeniden adlandır',
  pack_delete_button: 'Sil',
  pack_use_button: 'Yenileri buraya ekle',
  rename_ask: '“{title}” için yeni adı gönder (1 ile {max} karakter arası).',
  rename_invalid: 'Paket adı 1 ile {max} karakter arasında olmalı. Lütfen başka bir ad gönder.',
  rename_done: 'Tamam: paketinin adı artık “{title}”.',
  delete_ask:
    '“{title}” paketi {count} çıkartmasıyla birlikte silinsin mi? Onu ekleyen herkes için kaybolur ve geri alınamaz.',
  delete_yes_button: 'Evet, sil',
  delete_no_button: 'Hayır, kalsın',
  delete_done: '“{title}” paketi silindi.',
  delete_kept: 'Paket olduğu gibi kalıyor',
  pack_current: 'Yeni çıkartmalar artık “{title}” paketine gidiyor.',
  pack_missing: 'Bu paket artık yok. Paketlerini görmek için /pack gönder.',
  keywords_set: '"{title}" paketindeki çıkartman için yeni arama kelimeleri: {keywords}',
  keywords_cleared:
    '"{title}" paketindeki çıkartmanın artık arama kelimesi yok: açıklamada kelime yok.',
  cmd_undo: 'Son eklenen çıkartmayı paketten çıkar',
  unsupported_media:
    'Kişilerin fotoğraf ve videolarından çıkartma yapıyorum. Bana bir fotoğraf, video ya da GIF gönder, gerisini ben hallederim.',
  not_media:
    'Yalnızca görselleri ve klipleri kullanabilirim. Bir fotoğraf, video ya da GIF, veya bir JPEG, PNG, WebP, GIF, MP4, MOV ya da WebM dosyası gönder.',
  start_clips:
    'Videolar, GIF’ler ve yuvarlak görüntülü mesajlar da olur: hareketli çıkartma olarak geri gelirler.',
  help_clips:
    'Videolar, GIF’ler ve yuvarlak görüntülü mesajlar (MP4, MOV, WebM ve GIF dosyaları da) kişinin en fazla {seconds} sn uzunluğunda hareketli çıkartmasına dönüşür: daha uzun bir klipten ilk {seconds} sn’sinin çıkartması olur.',
  cmd_pack: 'Çıkartma paketinin bağlantısı',
  // issue 13: /forget and group admins
  cmd_forget: 'Senin hakkında tuttuklarımı sil',
  forget_done:
    'Tamam: senin hakkında tuttuğum her şeyi sildim: /outline ayarını, çıkartma paketlerinin listesini ve fotoğraf sayacını. Fotoğraflar hiç saklanmaz; her biri çıkartması hazır olunca silinir.\n\nÇıkartma paketlerin duruyor: onlar Telegram’da senin, benim değil. Birini silmek için @Stickers botuna /delpack gönder ve paketi seç:\n{links}',
  forget_done_none:
    'Tamam: senin hakkında tuttuğum her şeyi sildim: /outline ayarını, çıkartma paketlerinin listesini ve fotoğraf sayacını. Fotoğraflar hiç saklanmaz; her biri çıkartması hazır olunca silinir.\n\nBenimle yaptığın çıkartma paketleri Telegram’da senin: birini silmek için @Stickers botuna /delpack gönder.',
  outline_admins_only: 'Bir grupta /outline ayarını yalnızca yöneticiler değiştirebilir.',
};
