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
    '/pack memberi tautan ke paket stikermu.',
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
  pack_links: 'Paket stikermu:\n{links}',
  pack_need_start:
    'Buka dulu obrolan pribadi denganku dan ketuk "Mulai", lalu ketuk tombolnya lagi.',
  pack_gone: 'Stiker itu sudah tidak tersedia. Kirim ulang fotonya untuk membuat yang baru.',
  pack_failed:
    'Maaf, aku belum bisa menambahkan stiker itu ke paketmu sekarang. Coba lagi nanti, ya.',
  cmd_start: 'Mulai membuat stiker',
  cmd_help: 'Yang kulakukan, batas, dan privasi',
  cmd_outline: 'Nyalakan atau matikan garis tepi putih',
  cmd_pack: 'Tautan ke paket stikermu',
  // issue 13: /forget and group admins
  cmd_forget: 'Hapus yang kusimpan tentangmu',
  forget_done:
    'Selesai: aku sudah menghapus semua yang kusimpan tentangmu: pengaturan /outline, daftar paket stikermu, dan penghitung fotomu. Foto tidak pernah disimpan; setiap foto dihapus begitu stikernya jadi.\n\nPaket stikermu tetap ada: paket itu milikmu di Telegram, bukan milikku. Untuk menghapus satu, kirim /delpack ke @Stickers lalu pilih paketnya:\n{links}',
  forget_done_none:
    'Selesai: aku sudah menghapus semua yang kusimpan tentangmu: pengaturan /outline, daftar paket stikermu, dan penghitung fotomu. Foto tidak pernah disimpan; setiap foto dihapus begitu stikernya jadi.\n\nPaket stiker yang kamu buat denganku adalah milikmu di Telegram: untuk menghapus satu, kirim /delpack ke @Stickers.',
  outline_admins_only: 'Di grup, hanya admin grup yang bisa mengubah /outline.',
};
