import type { Catalogue } from '../messages';

/** Indonesian, informal "kamu" as chat apps and most bots use. Nouns have no plural form. */
export const id: Catalogue = {
  start:
    'Halo {name}! Kirimkan foto seseorang, nanti aku potong dari latarnya dan kukirim balik sebagai stiker. Tambahkan keterangan di fotonya, nanti kutulis di stikernya.',
  help: [
    'Kirimkan foto seseorang: aku potong orangnya dari latar dan kukirim balik sebagai stiker yang bisa kamu simpan, teruskan, atau tambahkan ke paket stikermu sendiri.',
    '',
    'Yang bisa kamu kirim: foto, atau gambar JPEG, PNG, dan WebP yang dikirim sebagai file (maksimal 20 MB dan {megapixels} megapiksel). Hasilnya paling bagus dengan satu orang yang terlihat jelas. Gambar yang sudah transparan dibiarkan apa adanya.',
    'Keterangan pada foto ditulis di bawah orangnya.',
    '',
    '/outline menyalakan atau mematikan garis tepi putih.',
    '/pack menampilkan paket stikermu untuk mengganti nama, menghapus, atau memilih ke mana stiker baru masuk.',
    '/undo menghapus stiker terakhir yang kutambahkan dari paketmu.',
    '',
    'Batas: maksimal {limit} foto per menit.',
    'Privasi: fotomu hanya dipakai untuk membuat stikermu dan dihapus setelah diproses.',
  ].join('\n'),
  unsupported: 'Aku membuat stiker dari foto orang. Kirimkan fotonya, sisanya biar aku yang urus.',
  not_image:
    'Aku hanya bisa memakai gambar. Kirim foto, atau gambar JPEG, PNG, atau WebP sebagai file.',
  too_big:
    'File itu lebih dari 20 MB, batas terbesar yang bisa diunduh bot. Kirim sebagai foto saja, atau pakai file yang lebih kecil.',
  too_many_pixels:
    'Gambar itu terlalu besar ({megapixels} megapiksel). Kirim gambar yang maksimal {limit} megapiksel, ya.',
  too_small:
    'Gambar itu kecil sekali ({width}x{height} piksel). Kirim gambar yang setiap sisinya minimal {min} piksel, ya.',
  undecodable:
    'Aku tidak bisa membaca gambar itu; mungkin rusak atau formatnya tidak kukenal. Coba kirim sebagai foto.',
  no_person: 'Aku tidak menemukan orang di foto itu. Coba foto yang orangnya terlihat jelas.',
  failed: 'Maaf, ada yang salah saat membuat stikermu. Kirim ulang fotonya, ya.',
  rate_limited:
    'Kamu mengirim foto lebih cepat daripada yang bisa kukerjakan: maksimal {limit} per menit, ya. Coba lagi dalam {seconds} detik.',
  outline_on:
    'Garis tepi putih menyala: stiker-stikermu berikutnya akan memakainya. Kirim /outline lagi untuk mematikannya.',
  outline_off:
    'Garis tepi putih mati: stiker-stikermu berikutnya tidak akan memakainya. Kirim /outline lagi untuk menyalakannya.',
  pack_button: 'Tambahkan ke paketku',
  pack_title: 'Stiker {name}',
  pack_added: 'Ditambahkan ke paket stikermu "{title}": {link}',
  pack_added_toast: 'Ditambahkan ke paketmu',
  pack_already: 'Stiker itu sudah ada di paketmu: {link}',
  pack_none:
    'Kamu belum punya paket stiker. Ketuk "Tambahkan ke paketku" di bawah salah satu stikermu, nanti kubuatkan.',
  pack_need_start:
    'Buka dulu obrolan pribadi denganku dan ketuk "Mulai", lalu ketuk tombolnya lagi.',
  pack_gone: 'Stiker itu sudah tidak tersedia. Kirim ulang fotonya untuk membuat yang baru.',
  pack_failed:
    'Maaf, aku belum bisa menambahkan stiker itu ke paketmu sekarang. Coba lagi nanti, ya.',
  cmd_start: 'Mulai membuat stiker',
  cmd_help: 'Yang kulakukan, batas, dan privasi',
  cmd_outline: 'Nyalakan atau matikan garis tepi putih',
  clip_trimmed:
    'Klipmu lebih dari {seconds} detik, jadi stikernya menampilkan {seconds} detik pertamanya.',
  clip_too_long:
    'Klip itu berdurasi {seconds} detik. Aku menerima klip hingga {limit} detik dan membuat stiker dari {sticker} detik pertama, jadi kirim klip yang lebih pendek yang dimulai dari momen yang kamu mau.',
  clip_too_large:
    'Klip itu terlalu besar untukku: {width}x{height} piksel dengan {fps} bingkai per detik. Aku menerima klip hingga {maxSide} piksel di sisi terpanjang dan {maxFps} bingkai per detik.',
  clip_unreadable:
    'Aku tidak bisa membaca klip itu; mungkin rusak atau formatnya tidak kukenal. Coba kirim sebagai video.',
  pack_in_button: '✓ Ada di paketmu',
  pack_remove_button: 'Hapus dari paketku',
  pack_keep_button: 'Biarkan',
  pack_in_toast: 'Stiker ini ada di paketmu. Hapus?',
  pack_removed: 'Dihapus dari paket stikermu "{title}": {link}',
  pack_removed_toast: 'Dihapus dari paketmu',
  undo_done: 'Dibatalkan: stiker terakhir yang kutambahkan sudah kuhapus dari "{title}": {link}',
  undo_nothing: 'Tidak ada yang bisa dibatalkan: tidak ada lagi stiker tambahanku di paketmu.',
  own_sticker: 'Stiker ini ada di paketmu "{title}". Mau diapakan?',
  own_emoji_button: 'Ganti emoji',
  own_front_button: 'Pindahkan ke depan',
  own_thumb_button: 'Jadikan ikon paket',
  own_remove_button: 'Hapus dari paket',
  own_not_yours: 'Stiker itu tidak ada di paketmu.',
  emoji_ask: 'Kirimkan emoji untuk stiker ini: 1 sampai 20, dalam satu pesan.',
  emoji_invalid: 'Kirim emoji saja, 1 sampai 20, misalnya 😀🎉.',
  emoji_done: 'Selesai: stiker ini sekarang ada di bawah {emoji}',
  front_done: 'Dipindahkan ke depan paketmu',
  front_already: 'Stiker ini sudah yang pertama di paketmu',
  thumb_done: 'Stiker itu sekarang menjadi ikon "{title}"',
  pack_item: '"{title}": {count} dari {max} stiker\n{link}',
  pack_item_current: '"{title}": {count} dari {max} stiker, stiker baru masuk ke sini\n{link}',
  pack_edit_hint:
    'Untuk mengubah stiker (emoji, posisi, ikon paket) atau menghapusnya, kirimkan stiker itu kepadaku. /undo menghapus stiker terakhir yang kutambahkan.',
  pack_rename_button: 'Ganti nama',
  pack_delete_button: 'Hapus',
  pack_use_button: 'Stiker baru ke sini',
  rename_ask: 'Kirimkan nama baru untuk "{title}" (1 sampai {max} karakter).',
  rename_invalid: 'Nama paket harus 1 sampai {max} karakter. Kirimkan nama lain.',
  rename_done: 'Selesai: paketmu sekarang bernama "{title}".',
  delete_ask:
    'Hapus paket "{title}" beserta {count} stikernya? Paket ini hilang untuk semua yang menambahkannya dan tidak bisa dibatalkan.',
  delete_yes_button: 'Ya, hapus',
  delete_no_button: 'Tidak, biarkan',
  delete_done: 'Paket "{title}" sudah dihapus.',
  delete_kept: 'Paket tetap seperti semula',
  pack_current: 'Stiker baru sekarang masuk ke "{title}".',
  pack_missing: 'Paket itu sudah tidak ada. Kirim /pack untuk melihat paketmu.',
  keywords_set: 'Kata pencarian baru untuk stikermu di "{title}": {keywords}',
  keywords_cleared:
    'Stikermu di "{title}" tidak lagi punya kata pencarian: keterangannya tidak berisi kata.',
  cmd_undo: 'Hapus stiker terakhir yang ditambahkan dari paketmu',
  unsupported_media:
    'Aku membuat stiker dari foto dan video orang. Kirimkan foto, video, atau GIF, sisanya biar aku yang urus.',
  not_media:
    'Aku hanya bisa memakai gambar dan klip. Kirim foto, video, atau GIF, atau file JPEG, PNG, WebP, GIF, MP4, MOV, atau WebM.',
  start_clips:
    'Video, GIF, dan pesan video bulat juga bisa: semuanya kembali sebagai stiker bergerak.',
  help_clips:
    'Video, GIF, dan pesan video bulat (juga file MP4, MOV, WebM, dan GIF) menjadi stiker bergerak orangnya, paling lama {seconds} dtk: klip yang lebih panjang jadi stiker dari {seconds} dtk pertamanya.',
  cmd_pack: 'Tautan ke paket stikermu',
  // issue 13: /forget and group admins
  cmd_forget: 'Hapus yang kusimpan tentangmu',
  forget_done:
    'Selesai: aku sudah menghapus semua yang kusimpan tentangmu: pengaturan /outline, daftar paket stikermu, dan penghitung fotomu. Foto tidak pernah disimpan; setiap foto dihapus begitu stikernya jadi.\n\nPaket stikermu tetap ada: paket itu milikmu di Telegram, bukan milikku. Untuk menghapus satu, kirim /delpack ke @Stickers lalu pilih paketnya:\n{links}',
  forget_done_none:
    'Selesai: aku sudah menghapus semua yang kusimpan tentangmu: pengaturan /outline, daftar paket stikermu, dan penghitung fotomu. Foto tidak pernah disimpan; setiap foto dihapus begitu stikernya jadi.\n\nPaket stiker yang kamu buat denganku adalah milikmu di Telegram: untuk menghapus satu, kirim /delpack ke @Stickers.',
  outline_admins_only: 'Di grup, hanya admin grup yang bisa mengubah /outline.',
};
