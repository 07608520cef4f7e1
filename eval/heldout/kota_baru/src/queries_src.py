"""FAQ queries for the Kota Tirtamulya held-out set, written blind (see ../README.md).

ANSWERABLE maps an entry id to the citizen messages it should answer; NULL holds messages no entry answers.
"""

ANSWERABLE = {
    "lapor-pungli": [
        "td ngurus surat di kantor kecamatan dimintai 150rb biar cepet, sy mau lapor kmn ya",
        "kalau ada oknum minta uang pelicin pas urus izin, saya harus ngadu lewat mana min?",
    ],
    "lapor-netralitas-asn": [
        "pak lurah sm bbrp pns ikut kampanye salah satu paslon di lapangan, bisa dilaporin gak",
        "there's a civil servant posting campaign stuff for a candidate on his status every day, where can i report that",
    ],
    "kerahasiaan-pelapor": [
        "min klo sy lapor nanti nama sy ketauan sm org yg sy laporin gk? takut dicari",
        "bisa ga ngadu tp ga usah pake nama, soalnya tetangga sendiri",
    ],
    "jam-layanan-pengaduan": [
        "admin ini dibales jam brp aja? sy chat malem kok ga ada yg bales",
        "hari minggu ada petugas yg jaga aduan gak kak",
    ],
    "hoaks-rekrutmen-honorer": [
        "ada yg nawarin masuk honorer pemkot asal bayar 15jt katanya resmi, bener gak sih min",
        "beredar info lowongan tenaga kontrak pemkot tirtamulya, daftarnya transfer biaya admin dulu. itu asli?",
    ],
    "ktp-el-baru": [
        "anak sy baru 17 thn bulan lalu, bikin ktp nya bawa apa aja ya",
        "mau rekam ktp pertama kali buat adek, harus ke dukcapil apa bisa di kecamatan",
        "first time making e-ktp, what documents do i need",
    ],
    "ktp-el-hilang": [
        "ktp sy ilang pas di pasar sm dompetnya sekalian, gmn ngurusnya",
        "e ktp ku ilang, kudu ngurus surat polisi dulu opo piye",
        "tas dijambret, ktp ikut raib. bikin baru syaratnya apa",
    ],
    "ktp-el-rusak": [
        "ktp sy patah jd dua kelindes motor, bs diganti gk",
        "ktp el suami udh ngelupas fotonya sm chipnya ga kebaca di bank, gmn gantinya",
        "ktp retak harus lapor polisi juga kah kayak yg ilang",
    ],
    "kk-tambah-anak": [
        "baru lahiran bulan kemarin, nama bayinya mau dimasukin ke kk caranya gmn",
        "mau tambah nama anak ke kartu keluarga, bawa apa aja",
    ],
    "kk-pisah": [
        "sy baru nikah mau pisah kk dr ortu, syaratnya apa",
        "abis nikah pengen punya kk sendiri sm istri, ngurusnya dimana",
    ],
    "akta-kelahiran": [
        "bikin akte lahir anak pertama syaratnya apa aja min",
        "anak sy lahir di bidan, surat keterangan lahir udah ada. akte nya ngurus gmn",
        "kami nikah siri, anak masih bisa dibuatin akta lahir ga ya",
    ],
    "akta-kematian": [
        "bapak sy meninggal minggu lalu, buat akte kematiannya gmn",
        "mau ngurus surat kematian resmi buat klaim asuransi almarhumah ibu, ke dukcapil bawa apa",
        "innalillahi nenek sdh berpulang, utk urus pensiunnya diminta akta kematian, caranya?",
    ],
    "kia-anak": [
        "kartu identitas anak itu wajib gk sih, bikinnya gmn",
        "mau bikinin kia buat anak umur 6 tahun, perlu foto gak",
    ],
    "surat-pindah": [
        "sy mau pindah domisili ke makassar, surat pindahnya ngurus dmn",
        "mau pindah ke luar kota ikut suami, kk sama ktp harus diurus gimana",
    ],
    "ikd-aktivasi": [
        "ktp digital itu aktifinnya gmn sih, udh download aplikasinya",
        "mau aktivasi ikd tp butuh scan qr dr petugas ya?",
    ],
    "hoaks-blangko-ktp-bayar": [
        "katanya sekarang cetak ktp bayar 50rb buat blangko, beneran min?",
        "di grup rt rame info e-ktp skrg gak gratis lg, itu hoax bukan",
    ],
    "nib-oss": [
        "sy jualan kue online mau bikin izin usaha nib, gmn caranya",
        "mau daftar oss buat warung kelontong, bisa dibantu dmn",
    ],
    "pbg-simbg": [
        "mau bangun rumah 2 lantai, imb sekarang namanya pbg ya? ngurusnya lewat mana",
        "syarat pengajuan izin mendirikan bangunan sekarang gimana min",
    ],
    "izin-reklame": [
        "mau pasang papan nama toko yg agak gede di depan ruko, perlu izin gk",
        "ngurus izin baliho buat promo usaha ke dinas apa",
    ],
    "sppirt": [
        "sy produksi keripik rumahan mau dapet nomor pirt biar bisa masuk minimarket, caranya?",
        "izin pirt sekarang lewat oss juga ya? ada survey ke rumah gak",
    ],
    "mpp-jam-layanan": [
        "mal pelayanan publik buka sabtu gak",
        "mpp tirtamulya jam brp bukanya, bisa urus apa aja disana",
    ],
    "nib-ubah-data": [
        "alamat usaha sy pindah, nib nya harus diganti gk? gmn caranya",
        "mau nambah kbli di nib yg udh ada bisa ga",
    ],
    "jalan-berlubang": [
        "jln depan pasar sentral bolong2 parah, udh bnyk yg jatuh motornya",
        "aspal di jalan kenanga ngelupas dan berlubang gede, lapornya kemana ya",
    ],
    "status-jalan": [
        "jalan poros yg ke bandara itu tanggung jawab pemkot atau provinsi sih? rusak mulu",
        "kenapa jalan nasional di kota ini ga diperbaiki pemkot?",
    ],
    "drainase-tersumbat": [
        "got depan rumah mampet penuh lumpur, tiap hujan airnya naik ke jalan",
        "selokan di kompleks kami ga ngalir, bau dan banyak nyamuk. bisa dikeruk gak",
    ],
    "jembatan-rusak": [
        "jembatan kecil di kel. sungai bira pagarnya udh copot, bahaya buat anak sekolah",
        "lantai jembatan kayu ke kampung nelayan udah bolong, gmn ngelaporinnya",
    ],
    "trotoar-rusak": [
        "tutup gorong2 di trotoar jl. ahmad yani ilang, kemarin ada org kejeblos",
        "trotoar depan sekolah ancur paving nya, pejalan kaki susah lewat",
    ],
    "kkpr-tata-ruang": [
        "mau beli tanah, gimana cara tau tanah itu zona perumahan atau hijau",
        "cek rtrw suatu lokasi bisa dimana ya",
    ],
    "bedah-rumah": [
        "rumah ibu sy udh reyot atapnya mau runtuh, ada bantuan bedah rumah gk dr pemkot",
        "cara ngajuin program rtlh gmn, harus lewat lurah?",
    ],
    "psu-perumahan": [
        "jalan di perumahan kami rusak, developernya udh kabur. siapa yg benerin",
        "fasum taman di perum griya indah blm diserahin ke pemkot katanya, trus gmn",
    ],
    "tpu-pemakaman": [
        "mau makamin keluarga di tpu kota, prosedurnya gimana",
        "ngurus lahan kuburan di pemakaman umum pemkot harus bawa apa",
    ],
    "rusunawa": [
        "sy ngontrak mahal, mau daftar tinggal di rusun pemkot gmn",
        "syarat sewa rusunawa apa aja, yg bukan ktp sini bisa?",
    ],
    "sampah-tidak-diangkut": [
        "udh seminggu sampah di tps jl mangga gk diangkut, bau bgt",
        "truk sampah ga lewat2 ke gang kami dari senin, numpuk semua",
        "sampah ga diangkut2 min, ini udh dikerubutin lalat",
    ],
    "jadwal-angkut-sampah": [
        "truk sampah lewat kel. tamalanrea hari apa aja ya",
        "jam berapa boleh buang sampah ke tps, biar ga kena tegur",
    ],
    "tps-liar": [
        "lahan kosong sebelah masjid jadi tempat buang sampah org, bisa ditindak gk",
        "ada yg suka buang sampah dr mobil di pinggir jalan lingkar tiap malem, lapor kmn",
    ],
    "bank-sampah": [
        "ibu2 pkk mau bikin bank sampah di rw kami, ada pendampingan gak",
        "where can i join a waste bank in tirtamulya",
    ],
    "bakar-sampah": [
        "tetangga bakar sampah tiap sore asapnya masuk rumah, anak sy sampe batuk",
        "ada gudang yg bakar plastik tiap hari baunya nyengat, bisa dilaporin?",
    ],
    "pencemaran-limbah": [
        "sungai belakang pabrik tahu airnya item dan bau, kayaknya buang limbah",
        "bengkel cuci motor buang oli ke got, boleh dilaporin ke dinas lingkungan?",
    ],
    "pohon-rawan": [
        "pohon mahoni depan rumah udh miring dan dahannya nyentuh kabel, minta dipangkas",
        "punten, tangkal ageung di sisi jalan tos doyong, sieun rubuh. tiasa dipangkas?",
    ],
    "sampah-besar": [
        "mau buang kasur bekas sm lemari rusak, petugas sampah mau ngangkut gk",
        "sofa lama mau dibuang, bisa minta dijemput truk dlh?",
    ],
    "air-tidak-mengalir": [
        "air pdam mati dr subuh, ada perbaikan kah?",
        "udh 3 hari air cuma netes, mandi aja susah",
        "water supply at my house stopped since yesterday, is there maintenance?",
    ],
    "air-keruh-bau": [
        "air pdam keluar coklat kayak teh susu, aman gak dipake",
        "airnya bau kaporit banget sama agak kuning min",
    ],
    "bayar-tagihan-air": [
        "bayar pdam bisa lewat indomaret atau dana gak",
        "rekening air bulan ini mau bayar online, caranya?",
        "loket pembayaran air pdam dmn aja selain kantor pusat",
    ],
    "tagihan-air-melonjak": [
        "tagihan air bulan ini 3x lipat padahal pemakaian biasa aja, kok bisa",
        "rekening pdam sy tiba2 bengkak, curiga petugas salah catat meter",
        "biasane mbayar 80 ewu, saiki kok dadi 400 ewu, piye iki",
    ],
    "sambungan-baru": [
        "rumah baru blm ada air pdam, pasang baru syaratnya apa",
        "mau langganan air pdam di perumahan baru, daftar dimana",
    ],
    "pipa-bocor": [
        "ada pipa pecah di depan sd inpres, airnya nyembur ke jalan dr tadi pagi",
        "pipa pdam bocor di pinggir jalan udh 2 hari kebuang percuma airnya",
    ],
    "meteran-rusak": [
        "meteran air sy kacanya buram angkanya ga keliatan",
        "water meter ga muter padahal air ngalir, nanti tagihannya gmn",
    ],
    "sambung-kembali": [
        "air sy diputus krn telat bayar 3 bulan, kalo udh lunas bisa nyala lg kapan",
        "meteran disegel gara2 nunggak, buka segelnya gmn",
    ],
    "balik-nama-pelanggan": [
        "beli rumah second, rekening air masih nama pemilik lama. ganti nama gmn",
        "mau ubah nama pelanggan pdam jadi nama sy, bawa apa",
    ],
    "hoaks-petugas-pdam": [
        "tadi ada org ngaku petugas pdam nagih tunggakan cash ke rumah, emang ada?",
        "bener gak sih petugas pdam boleh terima bayaran langsung di rumah? ibu sy hampir ngasih uang",
    ],
    "pbb-bayar": [
        "bayar pbb tahun ini bisa lewat mbanking gak",
        "pajak bumi dan bangunan bayarnya dmn aja",
        "how do i pay my land and building tax online",
    ],
    "sppt-belum-terima": [
        "sppt pbb sy blm dibagi sampe skrg, padahal tetangga udh",
        "lembar sppt tahun ini keselip ilang, bisa minta lagi dmn",
    ],
    "pbb-keberatan": [
        "pbb sy naik drastis padahal rumah ga berubah, bs protes gk",
        "luas bangunan di sppt salah, lebih gede dr aslinya. ngajuin koreksi gmn",
    ],
    "pbb-mutasi-nama": [
        "sppt masih atas nama almarhum bapak, mau ganti ke nama anak2nya",
        "abis beli tanah, nama di pbb masih penjual. caranya ganti nama gmn",
    ],
    "bphtb": [
        "notaris bilang harus bayar bphtb dulu sebelum ajb, itu apa sih",
        "beli rumah kena pajak apa aja dr pemkot, bphtb itu bayarnya kemana",
    ],
    "pajak-restoran": [
        "sy buka kafe kecil, wajib narik pajak 10 persen dari pembeli gk",
        "warung coto sy harus daftar pajak restoran kah",
    ],
    "hoaks-pemutihan-pbb": [
        "ada link di grup wa katanya pemutihan denda pbb tinggal isi data, aman gk tuh",
        "dapet pesan wa pemutihan pbb 2026 suruh klik link, itu resmi bapenda?",
    ],
    "daftar-data-sosial": [
        "keluarga sy blm pernah dapet bansos, gmn cara masuk dtks",
        "mau daftar data orang tidak mampu biar bisa dapet bantuan, lewat mana",
    ],
    "cek-bansos": [
        "cara cek nama sy dapet bansos apa ngga gimana",
        "mau liat ibu sy terdaftar pkh atau enggak, cek dmn",
    ],
    "pkh-tidak-cair": [
        "pkh sy tahap ini ga masuk ke rekening, biasanya masuk",
        "bantuan sembako ibu berhenti tiba2 padahal masih susah, kenapa ya",
    ],
    "pbi-nonaktif": [
        "kis sy ditolak di rs katanya nonaktif, padahal dari pemerintah",
        "bpjs gratisan dr pemerintah mati, gmn aktifin lagi soalnya mau operasi",
    ],
    "gepeng-odgj": [
        "ada org dgn gangguan jiwa tidur di halte udh seminggu, kasian, lapor kmn",
        "banyak pengemis anak2 di lampu merah pettarani, bisa ditangani dinsos?",
    ],
    "hoaks-bansos-tautan": [
        "ada sms daftar bansos 2026 lewat link, disuruh masukin nik sama pin atm. asli?",
        "bantuan sosial via link wa itu beneran dr dinsos ga sih",
    ],
    "imunisasi-anak": [
        "imunisasi bayi di puskesmas bayar gak",
        "anak sy blm imunisasi campak, bisa dimana",
    ],
    "posyandu": [
        "posyandu di rw 05 jadwalnya kapan ya, mau nimbang anak",
        "layanan posyandu lansia ada apa aja",
    ],
    "fogging-dbd": [
        "anak tetangga kena dbd dirawat di rs, minta fogging ke siapa",
        "di gang kami udh 2 org kena demam berdarah, tolong difogging",
    ],
    "psn-jentik": [
        "gimana biar rumah ga jadi sarang nyamuk dbd",
        "musim hujan banyak nyamuk, tips cegah demam berdarah apa aja",
    ],
    "jam-puskesmas": [
        "puskesmas buka sampe jam brp",
        "puskesmas kassi buka hari sabtu gak ya",
    ],
    "keluhan-puskesmas": [
        "td di puskesmas antre 4 jam trus perawatnya ketus bgt, mau komplain",
        "obat di puskesmas kosong terus, disuruh beli di apotek luar. ngadu kemana",
    ],
    "hoaks-fogging-berbayar": [
        "ada yg ngaku petugas puskesmas minta 20rb per rumah buat fogging, bener?",
        "fogging bayar ga sih? di kompleks ditarikin iuran",
    ],
    "spmb-jalur": [
        "ppdb smp negeri tahun depan jalurnya apa aja",
        "daftar sd negeri pake jalur domisili syaratnya apa",
    ],
    "pindah-sekolah": [
        "anak sy mau pindah smp krn ikut kerja bapaknya, ngurus mutasi gmn",
        "pindah sd di tengah semester bisa gak",
    ],
    "ijazah-hilang": [
        "ijazah smp sy ilang kebanjiran, bisa dicetak ulang?",
        "ijazah sd ku ical pas pindahan, pripun carane ngurus gantine",
    ],
    "pip": [
        "cara cek anak dapet pip apa nggak",
        "dana pip anak sy udh cair belum ya, ambilnya di bank mana",
    ],
    "pungutan-sekolah": [
        "sekolah negeri anak sy minta uang gedung 1jt wajib, emang boleh?",
        "komite sd narik iuran bulanan ditentukan jumlahnya, itu legal gak",
    ],
    "sekolah-rusak": [
        "plafon kelas 4 di sd negeri 12 udh jebol, anak2 belajar takut",
        "atap sekolah bocor parah kalau hujan, lapornya kemana",
    ],
    "pju-mati": [
        "lampu jalan di jl. rappocini gelap semua 3 malem ini",
        "pju depan gang ku mati, rawan begal",
    ],
    "pju-usulan-baru": [
        "jalan masuk kampung kami blm ada lampu sama sekali, bisa dipasangin gak",
        "mau ngajuin tiang lampu jalan baru di jalan setapak ke masjid",
    ],
    "lampu-lalulintas": [
        "lampu merah perempatan pasar kedip kuning terus dari pagi",
        "traffic light di simpang lima mati, macet parah",
    ],
    "jukir-liar": [
        "parkir di depan minimarket ditarik 5rb sm jukir tanpa karcis",
        "tukang parkir di pinggir jalan maksa bayar padahal ga ada rompi",
    ],
    "uji-kir": [
        "mobil pick up mau kir pertama kali, bawa apa aja",
        "perpanjang uji kir truk dimana",
    ],
    "angkot-trayek": [
        "sopir pete2 nomor 07 ngebut ugal2an, penumpang ketakutan",
        "angkot jurusan terminal suka nurunin penumpang di tengah jalan ga sesuai trayek",
    ],
    "pkl-trotoar": [
        "trotoar depan pasar penuh lapak pedagang, pejalan kaki harus turun ke jalan",
        "pedagang gorengan buka lapak di bahu jalan bikin macet",
    ],
    "spanduk-liar": [
        "banyak stiker sedot wc sama pinjol ditempel di tiang listrik",
        "baliho gede dipaku ke pohon di pinggir jalan, boleh?",
    ],
    "bangunan-liar": [
        "ada yg bangun warung permanen di atas saluran air, bisa dibongkar?",
        "lahan taman kota dipakai buat bangunan semi permanen, siapa yg nertibin",
    ],
    "hiburan-malam": [
        "karaoke dekat rumah sampe jam 3 pagi masih dentum2, ga bisa tidur",
        "tiap malem minggu ada orgen tunggal sampe subuh di lapangan, lapor kmn",
    ],
    "sarang-tawon": [
        "ada sarang tawon gede di plafon teras, bisa minta damkar ambil",
        "lebah bersarang di pohon depan rumah, takut nyengat anak",
    ],
    "evakuasi-ular": [
        "ada ular masuk dapur, sy takut, siapa yg bs nangkep",
        "snake in my garage, who do i call",
    ],
    "cincin-tersangkut": [
        "cincin ga bisa lepas jari udh bengkak, damkar bisa bantu?",
        "kak damkar bisa potong cincin yg nyangkut ga",
    ],
    "apar-sosialisasi": [
        "kantor kami mau ada pelatihan pakai apar dr damkar, ngajuinnya gmn",
        "rt kami mau simulasi pemadaman kebakaran buat warga, bisa minta petugas?",
    ],
}

NULL = [
    # other institutions
    "perpanjang sim a di mana ya min",
    "stnk motor ilang, ngurusnya gmn",
    "bikin paspor buat umroh syaratnya apa",
    "bpjs ketenagakerjaan sy mau dicairin, jht nya gmn",
    "bayar iuran bpjs kesehatan mandiri nunggak 6 bulan, dendanya brp",
    "cek dpt pemilu dmn ya",
    "listrik pln padam dari tadi sore, kapan nyala",
    "token listrik ga masuk padahal udh bayar",
    "pajak kendaraan motor bisa bayar online?",
    "sertifikat tanah hilang ngurus di bpn gimana",
    "daftar nikah di kua syaratnya apa",
    "skck buat lamar kerja bikin dmn",
    "pinjol ilegal nyebar data sy, lapor kmn",
    "tilang elektronik kena, bayarnya gmn",
    "mau daftar haji tahun ini antreannya brp lama",
    "npwp pribadi bikin dimana sekarang",
    "kartu prakerja gelombang baru kapan dibuka",
    "paket dari jnt ga nyampe2 udah seminggu",
    "sinyal telkomsel di daerah sy jelek banget",
    "spp smk negeri berapa ya tahun ini",
    # sibling topics not covered
    "akta perkawinan buat yg nonmuslim ngurus dimana",
    "ganti nama di akta kelahiran lewat pengadilan gimana",
    "retribusi sampah bulanan berapa sih per rumah",
    "tarif air pdam per kubik sekarang berapa",
    "pajak hotel di tirtamulya berapa persen",
    "bikin surat keterangan tidak mampu di mana",
    "vaksin rabies buat anjing gratis gak",
    "daftar cpns tahun ini kapan",
    "beasiswa kuliah dari pemkot ada gak",
    "cara daftar uji emisi kendaraan",
    "pasar malam di alun2 buka sampai kapan",
    "izin keramaian buat nikahan ke siapa",
    "harga cabai di pasar naik terus, pemkot ngapain",
    "kapan gaji p3k cair",
    "jadwal kapal ke pulau seberang dari pelabuhan",
    "lowongan kerja di kawasan industri ada?",
    "ada pelatihan menjahit gratis dari disnaker ga",
    "bus trans kota rute baru kapan jalan",
    "mau sewa gedung kesenian buat acara",
    "tes hiv gratis dimana",
    "vaksin meningitis buat umroh dimana",
    "wifi gratis di taman kota passwordnya apa",
    # greetings, thanks, chit-chat, nonsense
    "halo",
    "assalamualaikum min",
    "selamat pagi",
    "makasih ya min udh dibantu",
    "oke siap",
    "p",
    "tes tes",
    "🙏🙏",
    "admin cewek apa cowok",
    "lagi apa min",
    "wkwkwk",
    "asdfgh",
    "pilih paslon nomor berapa yg bagus min",
    "walikota sekarang bagus gak kerjanya",
    "hujan ga ya besok",
    "rekomendasi tempat makan coto enak dong",
    "mau nanya",
    "bisa telpon aja gak",
]
