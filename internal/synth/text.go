package synth

// Word pools for realistic Indonesian text. Everything here is the project's own
// wording; names are fictional.

type service struct {
	id, name, short, owner, criticality string
	categories                          []category
}

type category struct {
	name     string
	security bool
	titles   []string // incident titles ("%s" is replaced by a place or component)
	actions  []string
	fixes    []string
	causes   []string
}

var services = []service{
	{id: "SVC-01", name: "Layanan Surat Elektronik", short: "surel", owner: "Koordinator Bidang Infrastruktur dan Pusat Data", criticality: "high",
		categories: []category{
			{name: "Pengiriman Surel",
				titles:  []string{"Surel ke domain eksternal tertahan di antrean %s", "Surel masuk terlambat lebih dari satu jam di %s", "Lampiran surel gagal terkirim dari %s"},
				actions: []string{"Memeriksa antrean MTA dan pesan tolakan dari server penerima", "Memeriksa reputasi alamat IP pengirim pada daftar hitam publik", "Mengirim ulang antrean secara bertahap melalui relai cadangan", "Memeriksa batas ukuran lampiran pada gateway surel"},
				fixes:   []string{"Antrean terkirim setelah pengiriman ulang bertahap.", "Relai cadangan dipakai sementara; alamat IP dihapus dari daftar hitam.", "Batas ukuran lampiran disesuaikan dan surel terkirim ulang."},
				causes:  []string{"Server surel belum menerapkan DKIM dan DMARC sehingga pesan dianggap spam.", "Antrean pengiriman menumpuk karena batas laju penerima eksternal."}},
			{name: "Akses Kotak Surat",
				titles:  []string{"Pegawai tidak dapat membuka webmail dari %s", "Kotak surat penuh dan menolak surel baru di %s", "Sinkronisasi surel pada telepon genggam gagal di %s"},
				actions: []string{"Memeriksa log autentikasi webmail", "Memeriksa kuota kotak surat pengguna", "Mengatur ulang profil sinkronisasi perangkat bergerak"},
				fixes:   []string{"Kuota kotak surat ditambah sementara dan pengguna diminta mengarsipkan surel lama.", "Profil sinkronisasi dibuat ulang dan surel kembali tersinkron."},
				causes:  []string{"Kebijakan kuota kotak surat tidak sesuai dengan pola pemakaian unit."}},
			{name: "Surel Pengelabuan", security: true,
				titles:  []string{"Laporan surel pengelabuan yang mengatasnamakan pimpinan di %s", "Akun surel pegawai %s mengirim spam massal"},
				actions: []string{"Memblokir alamat pengirim dan tautan berbahaya pada gateway surel", "Menonaktifkan sementara akun terdampak dan mengatur ulang kata sandi", "Menelusuri penerima lain yang mengeklik tautan"},
				fixes:   []string{"Akun dipulihkan dengan kata sandi baru dan MFA; surel berbahaya dihapus dari seluruh kotak surat."},
				causes:  []string{"Kredensial pegawai dicuri melalui laman login palsu."}},
		}},
	{id: "SVC-02", name: "Sistem Informasi Kepegawaian (SIMPEG)", short: "SIMPEG", owner: "Koordinator Bidang Pengembangan Aplikasi", criticality: "high",
		categories: []category{
			{name: "Akses Akun",
				titles:  []string{"Pegawai tidak dapat masuk SIMPEG setelah mengganti kata sandi di %s", "Akun SIMPEG terkunci setelah tiga kali salah kata sandi di %s"},
				actions: []string{"Memeriksa log autentikasi SIMPEG", "Menjalankan sinkronisasi manual dengan direktori pegawai", "Membuka kunci akun setelah verifikasi identitas"},
				fixes:   []string{"Akun tersinkron ulang dan pelapor dapat masuk kembali.", "Kunci akun dibuka setelah verifikasi melalui atasan langsung."},
				causes:  []string{"Sinkronisasi kata sandi dengan direktori pegawai berjalan terlambat."}},
			{name: "Kinerja Aplikasi",
				titles:  []string{"SIMPEG lambat saat pengisian SKP di %s", "Laporan Daftar Urut Kepangkatan gagal diunduh di %s"},
				actions: []string{"Memeriksa utilisasi server aplikasi dan basis data", "Mengidentifikasi kueri lambat pada tabel kehadiran", "Menambah kumpulan koneksi aplikasi sementara"},
				fixes:   []string{"Kinerja pulih setelah kumpulan koneksi ditambah.", "Laporan dijalankan ulang di luar jam sibuk dan dikirim ke pelapor."},
				causes:  []string{"Indeks basis data belum mendukung kueri laporan pada periode sibuk."}},
			{name: "Data Pegawai",
				titles:  []string{"Riwayat jabatan pegawai %s tidak tampil", "Data kehadiran %s tidak sesuai rekaman mesin presensi"},
				actions: []string{"Memeriksa data sumber pada tabel riwayat jabatan", "Membandingkan data presensi dengan berkas unduhan mesin", "Memperbaiki data setelah persetujuan Biro SDM"},
				fixes:   []string{"Data diperbaiki dan diverifikasi oleh operator kepegawaian."},
				causes:  []string{"Proses impor presensi tidak menangani pergantian hari pada sif malam."}},
		}},
	{id: "SVC-03", name: "Aplikasi Persuratan (e-Office)", short: "e-Office", owner: "Koordinator Bidang Pengembangan Aplikasi", criticality: "high",
		categories: []category{
			{name: "Tanda Tangan Elektronik",
				titles:  []string{"Naskah dinas gagal ditandatangani secara elektronik di %s", "Status TTE tertahan menunggu di %s"},
				actions: []string{"Memeriksa log integrasi layanan TTE", "Mengirim ulang permintaan tanda tangan dari antrean", "Berkoordinasi dengan penyelenggara sertifikat elektronik"},
				fixes:   []string{"Permintaan tanda tangan dikirim ulang dan naskah berhasil ditandatangani."},
				causes:  []string{"Modul integrasi TTE tidak mencoba ulang saat layanan TTE lambat."}},
			{name: "Penomoran Naskah",
				titles:  []string{"Nomor naskah dinas ganda di %s", "Nomor agenda surat masuk tidak berurutan di %s"},
				actions: []string{"Menelusuri riwayat penomoran pada basis data", "Membatalkan nomor ganda dan menerbitkan nomor pengganti"},
				fixes:   []string{"Nomor pengganti diterbitkan dan dicatat pada buku agenda."},
				causes:  []string{"Penomoran manual antarunit tidak terkunci secara transaksi."}},
			{name: "Disposisi",
				titles:  []string{"Disposisi pimpinan tidak sampai ke %s", "Notifikasi disposisi tidak muncul di %s"},
				actions: []string{"Memeriksa antrean notifikasi", "Memeriksa struktur organisasi pada data master"},
				fixes:   []string{"Data master unit diperbarui dan disposisi diteruskan ulang."},
				causes:  []string{"Perubahan struktur organisasi belum dimutakhirkan pada data master."}},
		}},
	{id: "SVC-04", name: "Layanan Jaringan dan Internet", short: "jaringan", owner: "Koordinator Bidang Infrastruktur dan Pusat Data", criticality: "critical",
		categories: []category{
			{name: "Koneksi Internet",
				titles:  []string{"Akses internet lambat di %s", "Koneksi internet terputus di %s"},
				actions: []string{"Memeriksa grafik utilisasi jalur utama", "Memeriksa status BGP dengan penyedia jaringan", "Membatasi bandwidth unduhan pembaruan pada firewall"},
				fixes:   []string{"Kebijakan pembatasan bandwidth diterapkan; utilisasi kembali normal.", "Penyedia memulihkan jalur utama; lalu lintas kembali ke jalur utama."},
				causes:  []string{"Unduhan pembaruan serentak memenuhi kapasitas jalur utama."}},
			{name: "Wi-Fi",
				titles:  []string{"Wi-Fi sering terputus di %s", "Perangkat tidak mendapat alamat IP dari Wi-Fi di %s"},
				actions: []string{"Memeriksa log access point dan controller", "Memeriksa pemakaian kumpulan alamat DHCP", "Memulai ulang access point terdampak"},
				fixes:   []string{"Access point dimulai ulang dan koneksi stabil.", "Masa sewa DHCP diperpendek dan kumpulan alamat diperluas."},
				causes:  []string{"Firmware access point memiliki kebocoran memori yang diketahui."}},
			{name: "Serangan Jaringan", security: true,
				titles:  []string{"Lalu lintas mencurigakan dari perangkat di %s", "Pemindaian port berulang terdeteksi dari %s"},
				actions: []string{"Mengisolasi perangkat pada VLAN karantina", "Mengamankan salinan log firewall sebagai bukti", "Memindai perangkat dengan antimalware"},
				fixes:   []string{"Perangkat dibersihkan dan dikembalikan ke jaringan setelah pemindaian bersih."},
				causes:  []string{"Perangkat tanpa antimalware mutakhir terhubung ke jaringan kantor."}},
		}},
	{id: "SVC-05", name: "Portal Layanan Publik", short: "portal", owner: "Kepala Biro Hubungan Masyarakat", criticality: "high",
		categories: []category{
			{name: "Ketersediaan Portal",
				titles:  []string{"Portal layanan publik tidak dapat diakses dari %s", "Halaman formulir portal menampilkan galat 502 di %s"},
				actions: []string{"Memeriksa status klaster server web", "Memeriksa sertifikat TLS dan rekaman DNS", "Memulai ulang layanan aplikasi portal"},
				fixes:   []string{"Layanan aplikasi dimulai ulang dan portal dapat diakses kembali."},
				causes:  []string{"Pemantauan tidak mendeteksi habisnya memori proses aplikasi."}},
			{name: "Keamanan Portal", security: true,
				titles:  []string{"Berkas mencurigakan ditemukan pada direktori unggahan portal (%s)", "Tampilan halaman portal berubah tanpa izin (%s)"},
				actions: []string{"Menurunkan portal dan menampilkan halaman pemeliharaan", "Mengamankan citra server untuk investigasi", "Memulihkan portal dari cadangan bersih"},
				fixes:   []string{"Portal dipulihkan dari cadangan bersih dan celah ditutup melalui perubahan darurat."},
				causes:  []string{"Komponen formulir lama pada CMS memiliki kerentanan unggah berkas."}},
		}},
	{id: "SVC-06", name: "Layanan Pusat Data dan Hosting", short: "pusat data", owner: "Koordinator Bidang Infrastruktur dan Pusat Data", criticality: "critical",
		categories: []category{
			{name: "Server Virtual",
				titles:  []string{"Mesin virtual %s tidak merespons", "Ruang disk mesin virtual %s hampir penuh"},
				actions: []string{"Memeriksa status host virtualisasi", "Memindahkan mesin virtual ke host lain", "Menambah kapasitas disk virtual"},
				fixes:   []string{"Mesin virtual dipindahkan ke host lain dan layanan pulih.", "Kapasitas disk ditambah dan log lama diarsipkan."},
				causes:  []string{"Rotasi log aplikasi tidak berjalan sehingga disk penuh."}},
			{name: "Cadangan Data",
				titles:  []string{"Pencadangan harian %s gagal", "Salinan cadangan mingguan %s tidak lengkap"},
				actions: []string{"Memeriksa log perangkat lunak pencadangan", "Menjalankan ulang pencadangan secara manual", "Memeriksa kapasitas media cadangan"},
				fixes:   []string{"Pencadangan ulang berhasil dan diverifikasi dengan uji pemulihan sampel."},
				causes:  []string{"Jendela pencadangan bertabrakan dengan tugas pemeliharaan basis data."}},
			{name: "Kelistrikan dan Pendingin",
				titles:  []string{"Suhu ruang server naik di %s", "UPS ruang server berpindah ke baterai di %s"},
				actions: []string{"Memeriksa unit pendingin presisi", "Berkoordinasi dengan teknisi gedung", "Memantau suhu rak setiap 15 menit"},
				fixes:   []string{"Unit pendingin diperbaiki teknisi dan suhu kembali normal."},
				causes:  []string{"Jadwal perawatan unit pendingin terlewat."}},
		}},
	{id: "SVC-07", name: "Service Desk", short: "Service Desk", owner: "Koordinator Service Desk", criticality: "medium",
		categories: []category{
			{name: "Telepon",
				titles:  []string{"Ekstensi Service Desk tidak dapat dihubungi dari %s", "Panggilan ke Service Desk terputus otomatis dari %s"},
				actions: []string{"Memeriksa status saluran pada PABX", "Meminta teknisi PABX memulai ulang modul saluran", "Menguji panggilan masuk dari beberapa gedung"},
				fixes:   []string{"Modul PABX dimulai ulang dan panggilan masuk normal."},
				causes:  []string{"Modul saluran PABX kehilangan registrasi setelah pemadaman listrik."}},
			{name: "Aplikasi Service Desk",
				titles:  []string{"Tiket baru tidak tercatat pada aplikasi Service Desk di %s", "Notifikasi tiket tidak terkirim ke %s"},
				actions: []string{"Memeriksa antrean surel masuk aplikasi", "Memeriksa konfigurasi aturan penugasan"},
				fixes:   []string{"Aturan penugasan diperbaiki dan tiket tertahan diproses ulang."},
				causes:  []string{"Aturan penugasan merujuk kelompok yang sudah dihapus."}},
		}},
	{id: "SVC-08", name: "Sistem Informasi Keuangan dan Anggaran", short: "keuangan", owner: "Kepala Biro Keuangan", criticality: "high",
		categories: []category{
			{name: "Transaksi Anggaran",
				titles:  []string{"Modul SPM menampilkan galat saat mencetak dokumen di %s", "Realisasi anggaran %s tidak terbarui"},
				actions: []string{"Memeriksa log aplikasi keuangan", "Menjalankan ulang proses rekonsiliasi", "Membandingkan data dengan sistem pusat"},
				fixes:   []string{"Proses rekonsiliasi dijalankan ulang dan data sesuai."},
				causes:  []string{"Proses terjadwal rekonsiliasi gagal saat server pusat dalam pemeliharaan."}},
			{name: "Laporan Keuangan",
				titles:  []string{"Laporan realisasi per akun belanja kosong di %s", "Ekspor laporan keuangan ke lembar kerja gagal di %s"},
				actions: []string{"Memeriksa parameter laporan", "Menjalankan laporan dengan rentang lebih pendek"},
				fixes:   []string{"Laporan dijalankan per triwulan dan digabung untuk pelapor."},
				causes:  []string{"Kueri laporan kehabisan waktu untuk rentang lebih dari enam bulan."}},
		}},
	{id: "SVC-09", name: "Layanan Perangkat Kerja Pegawai", short: "perangkat kerja", owner: "Koordinator Service Desk", criticality: "medium",
		categories: []category{
			{name: "Komputer",
				titles:  []string{"Laptop pegawai %s tidak dapat menyala", "Komputer %s sangat lambat setelah pembaruan"},
				actions: []string{"Memeriksa perangkat di lokasi pengguna", "Menjalankan diagnosis perangkat keras", "Memasang ulang sistem operasi dari citra standar"},
				fixes:   []string{"Perangkat diganti dengan unit cadangan dan data dipindahkan.", "Pembaruan bermasalah dicopot dan kinerja kembali normal."},
				causes:  []string{"Citra standar sistem operasi memuat pengandar yang tidak cocok."}},
			{name: "Pencetak",
				titles:  []string{"Pencetak jaringan %s tidak dapat mencetak", "Antrean cetak menumpuk di %s"},
				actions: []string{"Memeriksa antrean pada server cetak", "Memulai ulang layanan spooler"},
				fixes:   []string{"Layanan spooler dimulai ulang dan antrean cetak kosong."},
				causes:  []string{"Pengandar pencetak pada server cetak usang."}},
			{name: "Malware", security: true,
				titles:  []string{"Antimalware mendeteksi berkas berbahaya pada komputer %s", "Berkas pada komputer %s terenkripsi tanpa izin"},
				actions: []string{"Memutus perangkat dari jaringan", "Mengamankan salinan berkas mencurigakan", "Memindai dan membersihkan perangkat", "Memulihkan berkas dari cadangan"},
				fixes:   []string{"Perangkat dibersihkan, berkas dipulihkan dari cadangan dan pengguna diberi pembinaan."},
				causes:  []string{"Makro dokumen dari surel eksternal tidak diblokir."}},
		}},
	{id: "SVC-10", name: "Layanan Rapat Daring", short: "rapat daring", owner: "Koordinator Bidang Infrastruktur dan Pusat Data", criticality: "low",
		categories: []category{
			{name: "Konferensi Video",
				titles:  []string{"Suara rapat daring putus-putus di %s", "Ruang rapat daring %s tidak dapat dibuat"},
				actions: []string{"Memeriksa lisensi ruang rapat", "Memeriksa kualitas jaringan di ruang rapat", "Mengganti perangkat audio ruang rapat"},
				fixes:   []string{"Perangkat audio diganti dan rapat berjalan normal.", "Lisensi dialihkan dan ruang rapat dapat dibuat."},
				causes:  []string{"Jumlah lisensi ruang rapat tidak sesuai kebutuhan puncak."}},
		}},
}

var places = []string{
	"Gedung A lantai 2", "Gedung A lantai 5", "Gedung B", "Gedung B lantai 3", "Gedung C", "Biro Hukum",
	"Biro Keuangan", "Biro Umum", "Inspektorat", "Sekretariat Jenderal", "Ditjen Pelayanan", "Kantor Wilayah Jawa Barat",
	"Kantor Wilayah Sumatera Utara", "Kantor Wilayah Sulawesi Selatan", "ruang rapat utama", "ruang layanan terpadu",
	"Balai Diklat", "Pusat Kajian", "Biro SDM", "Bagian Persuratan",
}

var firstNames = []string{"Agus", "Ahmad", "Andi", "Ani", "Bambang", "Bayu", "Budi", "Dedi", "Dewi", "Dian", "Eko", "Fajar",
	"Fitri", "Hadi", "Hendra", "Indah", "Joko", "Kartika", "Lina", "Made", "Nurul", "Putri", "Ratna", "Rina", "Rudi", "Sari",
	"Siti", "Sri", "Taufik", "Tri", "Wahyu", "Wulan", "Yusuf", "Yanti", "Ketut", "Nyoman", "Asep", "Ujang", "Rahmat", "Lestari"}

var lastNames = []string{"Pratama", "Setiawan", "Wahyuni", "Kurniawan", "Hartono", "Gunawan", "Hidayat", "Sari", "Fitriani",
	"Nugroho", "Susilo", "Saputra", "Marlina", "Handayani", "Purnomo", "Rahayu", "Siregar", "Nasution", "Lubis", "Simanjuntak",
	"Wibowo", "Permana", "Kusuma", "Santoso", "Halim", "Aritonang", "Manurung", "Suryadi", "Syahputra", "Utami"}

var units = []string{"Biro Hukum", "Biro Keuangan", "Biro Umum", "Biro Sumber Daya Manusia", "Inspektorat", "Sekretariat Jenderal",
	"Biro Hubungan Masyarakat", "Ditjen Pelayanan", "Pusat Kajian", "Balai Diklat", "Bagian Persuratan dan Arsip"}

var agents = []string{"Yusuf Hidayat", "Dedi Kurniawan", "Rudi Hartono", "Hendra Gunawan", "Fajar Nugroho", "Joko Susilo",
	"Siti Nurhaliza", "Lina Marlina", "Wahyu Saputra", "Putri Rahayu", "Asep Permana", "Indah Utami"}

var managers = []string{"Andi Pratama", "Rina Kartika", "Budi Setyawan", "Sri Wahyuni", "Siti Nurhaliza"}

// Document body phrases.
var (
	subjects = []string{"Pusdatin", "Service Desk", "pemilik layanan", "Koordinator Bidang Infrastruktur", "tim dukungan tingkat 2",
		"pengelola perubahan", "Koordinator Keamanan Informasi", "setiap unit kerja", "pemilik proses", "Tim BCP",
		"administrator sistem", "penyedia layanan eksternal", "Kepala Pusdatin", "analis kapasitas"}
	verbs = []string{"menetapkan", "memantau", "mendokumentasikan", "meninjau", "mengevaluasi", "mengomunikasikan", "menyetujui",
		"mencatat", "menganalisis", "memastikan", "melaporkan", "memperbarui", "mengendalikan", "mengoordinasikan"}
	objects = []string{"target tingkat layanan", "rekaman insiden", "permintaan perubahan", "rencana keberlangsungan layanan",
		"daftar aset informasi", "hasil pemantauan ketersediaan", "kebutuhan kapasitas", "kendali keamanan informasi",
		"daftar known error", "jadwal perubahan", "kinerja penyedia", "katalog layanan", "hasil uji pemulihan",
		"hak akses pengguna", "konfigurasi item", "laporan tingkat layanan"}
	complements = []string{"setiap bulan", "paling lambat lima hari kerja setelah kejadian", "sesuai matriks prioritas",
		"dalam rapat tinjauan manajemen", "melalui aplikasi Service Desk", "dengan persetujuan pemilik layanan",
		"sebelum perubahan diterapkan", "berdasarkan analisis risiko", "secara berkala", "untuk setiap layanan kritis",
		"sesuai ketentuan SPBE", "dengan memperhatikan kebutuhan pengguna", "dan hasilnya disimpan sebagai rekaman"}
	sectionTitles = []string{"Ruang Lingkup", "Definisi", "Tanggung Jawab", "Ketentuan Umum", "Alur Proses",
		"Pengukuran dan Pelaporan", "Rekaman", "Pemantauan dan Evaluasi", "Pengendalian Dokumen", "Pelatihan dan Kompetensi",
		"Komunikasi", "Pengelolaan Risiko", "Hubungan dengan Proses Lain", "Indikator Kinerja", "Pengecualian",
		"Peran Penyedia", "Tinjauan dan Perbaikan", "Lampiran", "Sanksi"}
	terms = [][2]string{
		{"Insiden", "gangguan tidak terencana atau penurunan mutu layanan"},
		{"Masalah", "penyebab dari satu atau lebih insiden, aktual maupun potensial"},
		{"Known error", "masalah yang akar penyebabnya telah diketahui dan memiliki penyelesaian sementara"},
		{"Perubahan", "penambahan, modifikasi, atau penghapusan apa pun yang dapat berdampak pada layanan"},
		{"Item konfigurasi", "elemen yang perlu dikendalikan untuk menyampaikan layanan"},
		{"SLA", "kesepakatan terdokumentasi antara penyedia layanan dan pelanggan"},
		{"RTO", "waktu paling lama untuk memulihkan layanan setelah gangguan"},
		{"RPO", "jumlah data paling banyak yang dapat hilang saat pemulihan"},
	}
)

// Document kinds: folder, id prefix, doc_type, title stem, clause choices, templates.
type docKind struct {
	folder, prefix, docType, stem string
	clauses                       []string
	templates                     []string
	weight                        int
}

var docKinds = []docKind{
	{"kebijakan", "KEB", "policy", "Kebijakan", []string{"8.1", "8.5.1.1", "8.7.3.1", "D.3.a.1", "D.3.a.3"}, []string{"change-policy", "infosec-policy", "release-policy", "sms-policy"}, 8},
	{"rencana", "REN", "plan", "Rencana", []string{"8.1", "8.4.3", "8.7.1", "8.7.2", "D.3.a.2"}, []string{"continuity-plan", "availability-plan", "service-management-plan"}, 8},
	{"prosedur", "PRO", "procedure", "Prosedur", []string{"8.5.1", "8.5.3", "8.6.1", "8.6.2", "8.6.3", "8.3.4", "D.3.a.3"}, []string{"incident-procedure", "problem-procedure"}, 30},
	{"sop", "SOP", "sop", "SOP", []string{"8.6.1", "8.6.2", "8.7.3", "D.3.a.10"}, nil, 10},
	{"instruksi-kerja", "IK", "work_instruction", "Instruksi Kerja", []string{"8.2.5", "8.2.6", "8.6.2", "8.7.3.2"}, nil, 25},
	{"formulir", "FRM", "form", "Formulir", []string{"8.5.1.2", "8.6.2", "8.3.3"}, nil, 9},
	{"pedoman", "PED", "guideline", "Pedoman", []string{"8.2.4", "8.3.3", "8.4.1", "8.4.2", "D.3.a.5", "D.3.a.6"}, nil, 10},
}

var topics = []string{"Manajemen Insiden", "Manajemen Perubahan", "Manajemen Masalah", "Manajemen Rilis", "Permintaan Layanan",
	"Pencadangan Data", "Pengelolaan Hak Akses", "Manajemen Kapasitas", "Keberlangsungan Layanan", "Ketersediaan Layanan",
	"Pengelolaan Penyedia", "Tingkat Layanan", "Katalog Layanan", "Keamanan Informasi", "Pengelolaan Aset", "Manajemen Konfigurasi",
	"Penanganan Surel Pengelabuan", "Pemulihan Pusat Data", "Pengelolaan Kata Sandi", "Pemeliharaan Server",
	"Pengujian Rencana Keberlangsungan", "Pelaporan Kinerja Layanan", "Pengelolaan Log", "Penghapusan Data", "Kerja Jarak Jauh"}
