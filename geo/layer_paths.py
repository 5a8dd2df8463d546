"""What the route layers draw: every segment (`SEGMENTS`) and node (`NODES`) as a path of steps (build time).

A path step is a waypoint key (`geo.layer_places`), a hand vertex ``(lon, lat, label)``, a border crossing
``("border", iso_a, iso_b, lon, lat, label)`` or an Araxes stretch ``("araxes", lon0, lat0, lon1, lat1, km)``;
`geo.layer_resolve` turns them into coordinates. These are data tables, read only by ``geo.make_layers``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

Step = Sequence[Any]  # a waypoint key (str) or one of the tuples above


@dataclass(frozen=True)
class Seg:
    """One segment to draw: id, route, name, mode, status, path, note."""

    id: str
    route: str
    name: str
    mode: str
    status: str
    path: Sequence[Step]
    note: str
    extra: str = ""
    props: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- shared paths
BAKU_GANJA = ["baku", "sangachal", "alat_port", "hajigabul", "kurdamir", "ujar", "yevlakh",
              "goranboy", "ganja"]
GANJA_GEORGIA = ["ganja", "shamkir", "tovuz", "aghstafa", "poylu",
                 ("border", "AZE", "GEO", 45.20, 41.33, "Böyük Kəsik – Gardabani rail crossing"),
                 "gardabani", "rustavi", "tbilisi"]
TBILISI_MARABDA = ["tbilisi", (44.86, 41.60, "Tbilisi – Kumisi"), "marabda"]
BTK_NEW = ["marabda", "tetritskaro", (44.28, 41.58, "Tsalka reservoir east"), "tsalka",
           (43.80, 41.52, "Javakheti plateau"), "ninotsminda", "akhalkalaki",
           (43.37, 41.32, "Kartsakhi approach"),
           ("border", "GEO", "TUR", 43.22, 41.23, "Kartsakhi – Çıldır rail crossing"),
           "cildir", "arpacay", "kars"]
TBILISI_POTI = ["tbilisi", "mtskheta", (44.45, 41.92, "Kaspi"), "gori", "khashuri",
                (43.40, 42.03, "Rikoti pass"), "zestafoni", (42.66, 42.17, "Kutaisi – Rioni"),
                "samtredia", "senaki", (41.85, 42.20, "Rioni plain"), "poti"]
SAMTREDIA_BATUMI = ["samtredia", "lanchkhuti", (41.86, 41.96, "Supsa"), "kobuleti",
                    (41.68, 41.72, "Makhinjauri"), "batumi"]
KARS_ISTANBUL = ["kars", "sarikamis", "horasan", "pasinler", "erzurum", "askale",
                 (40.00, 39.75, "Tercan – Erzincan"), "erzincan", "ilic", "divrigi",
                 (37.60, 39.50, "Çetinkaya"), "sivas", "yildizeli", "akdagmadeni", "yerkoy",
                 "kirikkale", "ankara", "polatli", "eskisehir", "bozuyuk", "bilecik",
                 "osmaneli", "sapanca", "izmit", "gebze", "istanbul", (28.78, 41.00, "Halkalı"),
                 "corlu", (26.62, 41.60, "Edirne east"), "edirne", (26.50, 41.71, "Edirne north"),
                 (26.40, 41.725, "Kapıkule approach, north of the Greek salient"),
                 ("border", "TUR", "BGR", 26.323, 41.724, "Kapıkule")]
KZ_WEST = ["almaty", (76.10, 43.38, "Kaskelen – Uzynagash"), "otar", "shu", "taraz", "shymkent",
           "arys", "turkistan", (67.00, 44.00, "Zhanakorgan"), "kyzylorda", "kazaly", "aral",
           (60.60, 47.40, "Aral – Shalkar"), "shalkar", (57.20, 46.30, "Ustyurt"), "beyneu"]
BEYNEU_AKTAU = ["beyneu", (53.80, 44.90, "Say-Otes"), "shetpe", "mangistau", "aktau"]
BEYNEU_KURYK = ["beyneu", (53.80, 44.90, "Say-Otes"), "shetpe", (51.95, 43.55, "Kuryk line"),
                "kuryk"]
DOSTYK_ALMATY = [("border", "KAZ", "CHN", 82.55, 45.25, "Dostyk – Alashankou"), "dostyk",
                 (81.50, 45.90, "Beskol"), "usharal", "aktogay", (78.70, 46.20, "Matai"),
                 "ushtobe", "sary_ozek", (77.30, 43.75, "Kapshagay"), "almaty"]
KHORGOS_ALMATY = [("border", "KAZ", "CHN", 80.42, 44.22, "Khorgos – Altynkol"), "khorgos",
                  "zharkent", (79.30, 44.05, "Koktal – Basshi"), (78.20, 43.80, "Shonzhy"),
                  "zhetygen", "almaty"]
IRAN_SOUTH = ["shahid_rajaee", "bandar_abbas", (56.10, 27.80, "Bandar Abbas – Hajjiabad"),
              "hajjiabad", (55.80, 28.90, "Gol-e Gohar"), "sirjan", (55.55, 30.60, "Zarand road"),
              "bafq", "yazd", "ardakan", (52.80, 32.90, "Nain – Badrud"), (52.03, 33.70, "Badrud"),
              "kashan", "qom", (51.20, 35.30, "Hasan Abad"), "tehran"]
TEHRAN_RASHT = ["tehran", (50.80, 35.90, "Karaj"), "qazvin", (49.70, 36.55, "Loushan"), "manjil",
                "rudbar", (49.50, 37.05, "Imamzadeh Hashem"), "rasht"]
RASHT_ASTARA = ["rasht", (49.35, 37.40, "Sowme'eh Sara"), "rezvanshahr", "hashtpar", "lisar",
                (48.88, 38.20, "Havik"), "astara_ir",
                ("border", "IRN", "AZE", 48.87, 38.44, "Astara border bridge")]
ASTARA_BAKU = [("border", "IRN", "AZE", 48.87, 38.44, "Astara border bridge"), "astara_az",
               "lankaran", (48.80, 39.00, "Lankaran lowland"), (48.90, 39.35, "Bilasuvar road"),
               "salyan", (49.20, 39.80, "Shirvan plain"), "alat_port", "sangachal", "baku"]
BAKU_RUSSIA = ["baku", "sumqayit", (49.25, 41.00, "Siyazan"), (48.97, 41.25, "Shabran"),
               "khachmaz", ("border", "AZE", "RUS", 48.55, 41.85, "Yalama – Samur crossing"),
               "derbent", "izberbash", "makhachkala", "kizilyurt", "khasavyurt", "gudermes",
               "kizlyar", (46.60, 44.60, "Kochubey – Artezian"), (47.20, 45.60, "Lagan road"),
               "astrakhan"]
ASTRAKHAN_MOSCOW = ["astrakhan", (47.70, 46.80, "Aksaraysky"), "kharabali", "akhtubinsk",
                    (45.50, 48.40, "Verkhny Baskunchak – Akhtuba"), "volgograd", "frolovo",
                    "povorino", "gryazi", "michurinsk", "ryazan", "moscow"]
EAST_IRAN = ["bafq", (56.10, 32.60, "Bahabad"), "tabas", (57.80, 34.60, "Bardaskan road"),
             (58.45, 35.27, "Kashmar"), (59.20, 35.60, "Torbat-e Heydarieh"), "mashhad"]
MASHHAD_TKM = ["mashhad", (60.30, 36.30, "Mazdavand"), "sarakhs",
               ("border", "IRN", "TKM", 61.19, 36.53, "Sarakhs border"), "sarahs",
               (60.85, 37.00, "Tejen valley"), "tejen", (59.60, 37.55, "Kaka"), "ashgabat",
               (57.20, 38.40, "Bäherden"), "serdar", "bereket"]
GORGAN_KZ = ["gorgan", (54.50, 37.25, "Aq Qala – Inche Borun"),
             ("border", "IRN", "TKM", 54.75, 37.35, "Inche Borun – Akyayla"), "etrek",
             (55.10, 38.40, "Etrek – Bereket"), "bereket", (55.20, 40.50, "Gazanjyk"),
             (54.60, 41.60, "Serhetyaka"),
             ("border", "TKM", "KAZ", 54.50, 42.20, "Serhetyaka – Bolashak"),
             (53.50, 42.90, "Bolashak – Uzen"), "zhanaozen", (52.10, 43.55, "Zhetybai"),
             "mangistau", "shetpe", (53.80, 44.90, "Say-Otes"), "beyneu"]
BEYNEU_ASTRAKHAN = ["beyneu", "kulsary", "makat", "atyrau", (50.40, 46.90, "Isatay"),
                    "ganyushkino", (48.60, 46.40, "Aksaraysky approach"), "astrakhan"]
NORTH_IRAN = ["tehran", (52.00, 35.40, "Pishva"), "garmsar", (52.80, 35.75, "Firuzkuh"),
              (53.05, 36.25, "Pol-e Sefid"), "sari", (53.55, 36.70, "Behshahr"),
              "bandar_torkaman", "gorgan"]
SCP_AZ = ["sangachal_terminal", "hajigabul", "kurdamir", "ujar", "agdash", "yevlakh",
          "goranboy", "samukh", "ganja", "shamkir", "tovuz", "aghstafa", "gazakh",
          ("border", "AZE", "GEO", 45.04, 41.33, "Red Bridge area pipeline crossing"),
          "gardabani", "marneuli", (44.95, 41.40, "Jandari lake"), "tetritskaro", "tsalka",
          (43.70, 41.68, "Tabatskuri"), "borjomi", "akhaltsikhe", "adigeni", "vale",
          ("border", "GEO", "TUR", 42.80, 41.57, "Türkgözü")]
BTC_TR = [("border", "GEO", "TUR", 42.80, 41.57, "Türkgözü"), "posof", "hanak", "ardahan", "gole",
          "selim", "sarikamis_tr", "horasan", "pasinler", "erzurum", "askale", "tercan", "erzincan",
          "refahiye", "imranli", "zara", "hafik", (37.60, 39.45, "Sivas – Kangal"), "kangal", "gurun",
          "sariz", "goksun", "andirin", "kadirli", "osmaniye", "ceyhan", "ceyhan_terminal"]
TANAP = [("border", "GEO", "TUR", 42.80, 41.57, "Türkgözü"), "posof", "hanak", "ardahan", "gole",
         "senkaya", "narman", "erzurum", "bayburt", "kelkit", "sirans", "gumushane", "sebinkarahisar",
         "susehri", (37.70, 40.00, "Suşehri – Zara"), "sivas", "yildizeli", "sorgun", "yozgat", "kirsehir",
         "kaman", "kirikkale", "bala", (32.60, 39.60, "Gölbaşı"), "polatli", "sivrihisar", "eskisehir",
         "kutahya", "tavsanli", "inegol", (28.90, 39.90, "Mustafakemalpaşa"), "susurluk", "manyas",
         "biga", "lapseki", (26.67, 40.38, "Dardanelles crossing"), "gelibolu", "kesan", "ipsala",
         ("border", "TUR", "GRC", 26.33, 40.93, "Kipoi")]
TAP_LAND = [("border", "TUR", "GRC", 26.33, 40.93, "Kipoi"), "kipoi", "feres",
            (25.90, 40.95, "Alexandroupoli north"), "sapes", "komotini", "iasmos", "xanthi",
            "chrysoupoli", "kavala", "eleftheroupoli", "rodolivos", (23.85, 40.82, "Amphipolis"),
            "nigrita", "lefkonas", "serres", (23.40, 40.85, "Strymon – Lagkadas"), "lagkadas",
            "nea_mesimvria", "giannitsa", "skydra", "edessa", "arnissa", "amyntaio", "florina",
            "argos_orestiko", "kastoria",
            ("border", "GRC", "ALB", 21.03, 40.62, "Ieropigi – Kapshtica"), "bilisht", "korce",
            "libonik", "maliq", "gramsh", "corovode", "berat", "kucove", "roskovec", "fier",
            "seman_landfall"]
TAP_SEA = ["seman_landfall", (19.10, 40.68, "Strait of Otranto"), (18.70, 40.45, "Otranto"),
           "san_foca", "melendugno_prt"]
# Sea lanes: hand vertices in open water (checked against the basemap by the tests).
AKTAU_ALAT = ["aktau", (50.80, 42.60, "mid-Caspian"), (50.90, 40.50, "off Absheron"),
              (50.20, 40.05, "Baku bay approach"), "alat_port"]
KURYK_ALAT = ["kuryk", (51.10, 42.30, "mid-Caspian"), (50.90, 40.50, "off Absheron"),
              (50.20, 40.05, "Baku bay approach"), "alat_port"]
TKM_ALAT = ["turkmenbashi", (53.08, 39.85, "Turkmenbashi bay"), (53.08, 39.68, "bay mouth"),
            (52.90, 39.60, "off Krasnovodsk spit"), (51.00, 40.10, "mid-Caspian"),
            (50.20, 40.05, "Baku bay approach"), "alat_port"]
BLACK_SEA = ["poti", (41.30, 42.20, "off Poti"), (39.00, 42.80, "eastern Black Sea"),
             (35.00, 43.20, "central Black Sea"), (31.00, 43.60, "western Black Sea"),
             (29.20, 44.10, "Constanța approach"), "constanta"]
BATUMI_SEA = ["batumi", (41.30, 41.80, "off Batumi"), (39.00, 42.80, "eastern Black Sea")]
ANAKLIA_SEA = ["anaklia_port", (41.30, 42.45, "off Anaklia"), (39.00, 42.80, "eastern Black Sea")]
MUMBAI_BA = ["jnpt", (72.90, 18.88, "Mumbai harbour"), (72.75, 18.78, "Mumbai harbour mouth"),
             (68.50, 21.00, "Arabian Sea"), (63.00, 24.20, "off Makran"),
             (58.50, 25.10, "Gulf of Oman"), (57.30, 25.55, "off Jask"),
             (56.75, 26.20, "Strait of Hormuz"), (56.55, 26.55, "Strait of Hormuz"),
             (56.50, 26.95, "between Larak and Hormuz islands"),
             (56.20, 27.08, "Bandar Abbas roads"), "shahid_rajaee"]
ANZALI_ASTRAKHAN = ["anzali", (49.60, 37.70, "off Anzali"), (50.40, 39.00, "southern Caspian"),
                    (51.00, 40.30, "off Absheron"), (49.80, 42.30, "middle Caspian"),
                    (48.40, 43.60, "off Sulak"), (48.00, 44.70, "northern Caspian"),
                    (47.75, 45.35, "Volga–Caspian channel"), "olya", (47.80, 46.10, "Bakhtemir"),
                    "astrakhan"]
AMIRABAD_CASPIAN = ["amirabad", (53.00, 37.20, "off Amirabad"), (51.70, 38.60, "southern Caspian"),
                    (51.00, 40.30, "off Absheron")]
MAKHACHKALA_SEA = ["makhachkala", (48.20, 43.00, "off Makhachkala"), (49.80, 42.30, "middle Caspian")]

N = "Status as of late 2025."

SEGMENTS: list[Seg] = [
    # ---------------------------------------------------------------- TRIPP
    Seg("tripp-horadiz-aghband", "tripp", "Horadiz – Aghband railway", "rail", "under_construction",
        ["horadiz", ("araxes", 47.33, 39.41, 46.80, 39.10, 1.5), "mincivan",
         ("araxes", 46.69, 39.01, 46.53, 38.89, 1.2)],
        "Azerbaijan's new line along the Araxes through the Fuzuli, Jabrayil and Zangilan districts "
        "to the Armenian border at Aghband; under construction. " + N),
    Seg("tripp-syunik-rail", "tripp", "TRIPP rail link through Syunik (Meghri)", "rail", "proposed",
        [("araxes", 46.53, 38.89, 46.12, 38.87, 1.0)],
        "Proposed ~42 km rail link on the Armenian (north) bank of the Araxes, Aghband – Nrnadzor – "
        "Meghri – Agarak – Nakhchivan border, largely on the bed of the Soviet line closed in 1992; "
        "framed as the Trump Route for International Peace and Prosperity in the 8 August 2025 "
        "Washington declaration. No construction yet. " + N),
    Seg("tripp-syunik-road", "tripp", "TRIPP road link through Syunik (Meghri)", "road", "proposed",
        [("araxes", 46.53, 38.89, 46.12, 38.87, 1.6)],
        "Proposed road component of TRIPP along the Armenian bank of the Araxes (the existing Meghri "
        "road runs here). " + N),
    Seg("tripp-nakhchivan-rail", "tripp", "Nakhchivan railway: Ordubad – Julfa – Nakhchivan – Sharur",
        "rail", "under_construction",
        [("araxes", 46.12, 38.87, 45.66, 38.955, 1.0), (45.62, 38.975, "Julfa station"),
         (45.52, 39.08, "Nehram"),
         "nakhchivan", (45.25, 39.30, "Kangarli"), (45.10, 39.42, "Qivraq"), "sharur"],
        "Soviet-era Nakhchivan line being rebuilt and electrified by Azerbaijan Railways as the "
        "Nakhchivan section of the corridor; Julfa – Nakhchivan – Sharur carries local traffic. " + N),
    Seg("tripp-kars-dilucu", "tripp", "Kars – Iğdır – Aralık – Dilucu – Nakhchivan railway", "rail",
        "under_construction",
        ["kars_station", "digor", (43.55, 40.20, "Aras gorge"), "tuzluca", (43.85, 39.97, "Iğdır plain"),
         "igdir", "aralik", (44.70, 39.75, "Dilucu approach"),
         ("border", "TUR", "AZE", 44.79, 39.665, "Dilucu – Sadarak"), (44.87, 39.695, "Sadarak"),
         (44.95, 39.62, "Sharur plain"), "sharur"],
        "Turkey's 224 km Kars – Iğdır – Aralık – Dilucu line linking to the Nakhchivan railway; "
        "groundbreaking 2024, under construction. " + N),
    # ---------------------------------------------------------------- Middle Corridor
    Seg("mc-khorgos-almaty", "middle_corridor", "Khorgos (Altynkol) – Zhetygen – Almaty", "rail",
        "operational", KHORGOS_ALMATY, "China border crossing at Khorgos/Altynkol. " + N),
    Seg("mc-dostyk-almaty", "middle_corridor", "Dostyk – Aktogay – Almaty (Turksib)", "rail",
        "operational", DOSTYK_ALMATY, "China border crossing at Dostyk/Alashankou; Turkestan–Siberia "
        "railway. The Dostyk – Moyinty second track (2025) runs further north-west. " + N),
    Seg("mc-almaty-beyneu", "middle_corridor", "Almaty – Shu – Kyzylorda – Shalkar – Beyneu", "rail",
        "operational", KZ_WEST, "Kazakhstan's southern main line and the Shalkar – Beyneu line (2014). "
        + N),
    Seg("mc-beyneu-aktau", "middle_corridor", "Beyneu – Mangyshlak – Aktau port", "rail",
        "operational", BEYNEU_AKTAU, N),
    Seg("mc-beyneu-kuryk", "middle_corridor", "Beyneu – Kuryk port", "rail", "operational",
        BEYNEU_KURYK, N),
    Seg("mc-aktau-alat", "middle_corridor", "Caspian ferry Aktau – Baku (Alat)", "sea",
        "operational", AKTAU_ALAT, "Trans-Caspian rail/ro-ro ferry. " + N),
    Seg("mc-kuryk-alat", "middle_corridor", "Caspian ferry Kuryk – Baku (Alat)", "sea",
        "operational", KURYK_ALAT, N),
    Seg("mc-turkmenbashi-alat", "middle_corridor", "Caspian ferry Turkmenbashi – Baku (Alat)", "sea",
        "operational", TKM_ALAT, "Turkmenistan branch of the trans-Caspian crossing. " + N),
    Seg("mc-baku-ganja", "middle_corridor", "Baku / Alat – Ganja", "rail", "operational",
        BAKU_GANJA, "Azerbaijan's east–west main line. " + N),
    Seg("mc-ganja-tbilisi", "middle_corridor", "Ganja – Böyük Kəsik – Tbilisi", "rail",
        "operational", GANJA_GEORGIA, N),
    Seg("mc-tbilisi-poti", "middle_corridor", "Tbilisi – Samtredia – Poti", "rail", "operational",
        TBILISI_POTI, "Georgian Railway main line over the Rikoti pass. " + N),
    Seg("mc-samtredia-batumi", "middle_corridor", "Samtredia – Batumi", "rail", "operational",
        SAMTREDIA_BATUMI, N),
    Seg("mc-btk", "middle_corridor", "Tbilisi – Marabda – Akhalkalaki – Kars (BTK)", "rail",
        "operational", TBILISI_MARABDA + BTK_NEW[1:], "Land route to Turkey via the BTK railway. " + N),
    Seg("mc-kars-istanbul", "middle_corridor", "Kars – Erzurum – Sivas – Ankara – Istanbul – Kapıkule",
        "rail", "operational", KARS_ISTANBUL,
        "Turkish State Railways network toward Europe, crossing the Bosphorus by Marmaray. " + N),
    Seg("mc-poti-constanta", "middle_corridor", "Black Sea: Poti – Constanța", "sea", "operational",
        BLACK_SEA, "Black Sea ferry/container leg toward the EU. " + N),
    Seg("mc-batumi-sea", "middle_corridor", "Black Sea: Batumi – open sea", "sea", "operational",
        BATUMI_SEA, "Batumi port feeder joining the Poti – Constanța lane. " + N),
    Seg("mc-anaklia-sea", "middle_corridor", "Black Sea: Anaklia – open sea", "sea", "planned",
        ANAKLIA_SEA, "Future deep-sea port of Anaklia; port works relaunched 2025. " + N),
    # ---------------------------------------------------------------- INSTC
    Seg("instc-mumbai-bandar-abbas", "instc", "Sea leg Mumbai (JNPT) – Bandar Abbas", "sea",
        "operational", MUMBAI_BA, "Arabian Sea and Strait of Hormuz. " + N),
    Seg("instc-bandar-abbas-tehran", "instc", "Bandar Abbas – Sirjan – Bafq – Yazd – Qom – Tehran",
        "rail", "operational", IRAN_SOUTH, "Iranian railways trunk north from the Gulf. " + N),
    Seg("instc-tehran-rasht", "instc", "Tehran – Qazvin – Rasht", "rail", "operational",
        TEHRAN_RASHT, "Qazvin – Rasht line opened 2019. " + N),
    Seg("instc-rasht-astara", "instc", "Rasht – Astara (missing link)", "rail", "planned",
        RASHT_ASTARA, "162 km gap of the western route; Russian state loan agreed 2023, land "
        "acquisition under way, main works not started. " + N),
    Seg("instc-astara-baku", "instc", "Astara – Lankaran – Alat – Baku", "rail", "operational",
        ASTARA_BAKU, "Azerbaijan Railways southern line; Astara (Azerbaijan) – Astara (Iran) link "
        "opened 2018. " + N),
    Seg("instc-baku-astrakhan", "instc", "Baku – Yalama – Derbent – Makhachkala – Astrakhan", "rail",
        "operational", BAKU_RUSSIA, N),
    Seg("instc-astrakhan-moscow", "instc", "Astrakhan – Volgograd – Moscow", "rail", "operational",
        ASTRAKHAN_MOSCOW, "Schematic at country scale: follows the main stations. " + N),
    Seg("instc-caspian-anzali", "instc", "Caspian branch: Anzali – Olya – Astrakhan", "sea",
        "operational", ANZALI_ASTRAKHAN, "Trans-Caspian route via the Volga–Caspian channel. " + N),
    Seg("instc-caspian-amirabad", "instc", "Caspian branch: Amirabad – central Caspian", "sea",
        "operational", AMIRABAD_CASPIAN, "Joins the Anzali – Astrakhan lane. " + N),
    Seg("instc-caspian-makhachkala", "instc", "Caspian branch: Makhachkala – central Caspian", "sea",
        "operational", MAKHACHKALA_SEA, N),
    Seg("instc-bafq-mashhad", "instc", "Eastern branch: Bafq – Tabas – Mashhad", "rail",
        "operational", EAST_IRAN, "Bafq – Mashhad railway (2009). " + N),
    Seg("instc-mashhad-bereket", "instc", "Eastern branch: Mashhad – Sarakhs – Tejen – Ashgabat – "
        "Bereket", "rail", "operational", MASHHAD_TKM, N),
    Seg("instc-tehran-gorgan", "instc", "Eastern branch: Tehran – Garmsar – Sari – Gorgan", "rail",
        "operational", NORTH_IRAN, "Trans-Iranian northern line. " + N),
    Seg("instc-gorgan-beyneu", "instc", "Eastern branch: Gorgan – Etrek – Bereket – Bolashak – "
        "Zhanaozen – Beyneu", "rail", "operational", GORGAN_KZ,
        "Kazakhstan–Turkmenistan–Iran railway (2014). " + N),
    Seg("instc-beyneu-astrakhan", "instc", "Eastern branch: Beyneu – Atyrau – Astrakhan", "rail",
        "operational", BEYNEU_ASTRAKHAN, N),
    # ---------------------------------------------------------------- BTK
    Seg("btk-baku-ganja", "btk", "Baku – Ganja", "rail", "operational", BAKU_GANJA, N),
    Seg("btk-ganja-tbilisi", "btk", "Ganja – Böyük Kəsik – Tbilisi", "rail", "operational",
        GANJA_GEORGIA, N),
    Seg("btk-tbilisi-marabda", "btk", "Tbilisi – Marabda", "rail", "operational", TBILISI_MARABDA,
        N),
    Seg("btk-marabda-kars", "btk", "Marabda – Akhalkalaki – Kartsakhi – Kars", "rail", "operational",
        BTK_NEW, "New line opened 2017; Akhalkalaki gauge-change station; Georgian section "
        "upgrade completed 2024. " + N),
    # ---------------------------------------------------------------- SGC
    Seg("sgc-scp", "sgc", "South Caucasus Pipeline (Sangachal – Türkgözü)", "pipeline",
        "operational", SCP_AZ, "Shah Deniz gas; runs in the BTC corridor. " + N),
    Seg("sgc-tanap", "sgc", "TANAP (Türkgözü – Eskişehir – Kipoi)", "pipeline", "operational",
        TANAP, "Trans-Anatolian Natural Gas Pipeline; crosses the Dardanelles. " + N),
    Seg("sgc-tap-land", "sgc", "TAP (Kipoi – Thessaloniki – Korçë – Fier)", "pipeline",
        "operational", TAP_LAND, "Trans Adriatic Pipeline onshore Greece and Albania. " + N),
    Seg("sgc-tap-offshore", "sgc", "TAP offshore (Seman – San Foca/Melendugno)", "pipeline",
        "operational", TAP_SEA, "105 km offshore section under the Adriatic. " + N),
    # ---------------------------------------------------------------- related
    Seg("btc-azerbaijan-georgia", "btc", "BTC: Sangachal – Georgia – Türkgözü", "pipeline",
        "operational", SCP_AZ, "Baku–Tbilisi–Ceyhan oil pipeline, shares its corridor with SCP. " + N),
    Seg("btc-turkey", "btc", "BTC: Türkgözü – Erzurum – Ceyhan", "pipeline", "operational", BTC_TR,
        N),
    Seg("lachin-road", "lachin", "Lachin corridor road (Goris – Khankendi/Stepanakert)", "road",
        "operational",
        ["goris", (46.43, 39.53, "Khndzoresk"), "kornidzor", "hakari_bridge", "lachin",
         (46.65, 39.70, "Lachin – Shusha"), "shusha", "khankendi"],
        "The road of the 2020 ceasefire; an Azerbaijani checkpoint on the Hakari bridge since April "
        "2023; since the 2022 realignment the road bypasses Lachin town a few km to the south. "
        "Under Azerbaijani control since September 2023. " + N),
    Seg("meghri-julfa-east", "meghri_julfa", "Soviet Meghri railway: Horadiz – Mincivan – Aghband",
        "rail", "under_construction",
        ["horadiz", ("araxes", 47.33, 39.41, 46.80, 39.10, 1.5), "mincivan",
         ("araxes", 46.69, 39.01, 46.53, 38.89, 1.2)],
        "Baku – Nakhchivan line of Soviet times (closed 1992); this Azerbaijani stretch is being "
        "rebuilt. " + N),
    Seg("meghri-julfa-armenia", "meghri_julfa", "Soviet Meghri railway: Aghband – Meghri – Agarak",
        "rail", "proposed", [("araxes", 46.53, 38.89, 46.12, 38.87, 1.0)],
        "Dismantled Armenian section; restoration proposed (TRIPP). " + N),
    Seg("meghri-julfa-nakhchivan", "meghri_julfa", "Soviet Meghri railway: Ordubad – Julfa",
        "rail", "under_construction",
        [("araxes", 46.12, 38.87, 45.66, 38.955, 1.0), (45.62, 38.975, "Julfa station")],
        "Nakhchivan section being rebuilt. " + N),
    Seg("anaklia-road", "anaklia", "Anaklia – Zugdidi access road", "road", "operational",
        ["anaklia_port", "anaklia", (41.72, 42.45, "Ganmukhuri road"), "zugdidi"],
        "Existing road link from the port site to the Senaki – Zugdidi railway and highway. " + N),
    Seg("anaklia-rail", "anaklia", "Anaklia port rail link (to Senaki – Zugdidi line)", "rail",
        "proposed", ["anaklia_port", (41.75, 42.35, "Khobi plain"), (41.90, 42.32, "Khobi")],
        "Rail access to the planned deep-sea port; alignment not fixed, drawn schematically. " + N),
]

# (id, name, kind, routes, lon/lat or waypoint key, note)
NODES: list[tuple[str, str, str, str, str | tuple, str]] = [
    ("port-aktau", "Port of Aktau", "port", "middle_corridor", "aktau", ""),
    ("port-kuryk", "Port of Kuryk", "port", "middle_corridor", "kuryk", ""),
    ("port-turkmenbashi", "Turkmenbashi International Seaport", "port", "middle_corridor",
     "turkmenbashi", ""),
    ("port-baku-alat", "Port of Baku (Alat)", "port", "middle_corridor,instc", "alat_port", ""),
    ("port-poti", "Port of Poti", "port", "middle_corridor", "poti", ""),
    ("port-batumi", "Port of Batumi", "port", "middle_corridor", "batumi", ""),
    ("port-anaklia", "Port of Anaklia", "port", "anaklia,middle_corridor", "anaklia_port",
     "Deep-sea port planned; works relaunched in 2025."),
    ("port-constanta", "Port of Constanța", "port", "middle_corridor", "constanta", ""),
    ("port-jnpt", "Jawaharlal Nehru Port (Mumbai)", "port", "instc", "jnpt", ""),
    ("port-shahid-rajaee", "Shahid Rajaee port (Bandar Abbas)", "port", "instc", "shahid_rajaee", ""),
    ("port-anzali", "Port of Anzali", "port", "instc", "anzali", ""),
    ("port-amirabad", "Port of Amirabad", "port", "instc", "amirabad", ""),
    ("port-olya", "Port of Olya", "port", "instc", "olya", ""),
    ("port-astrakhan", "Port of Astrakhan", "port", "instc", "astrakhan", ""),
    ("port-makhachkala", "Port of Makhachkala", "port", "instc", "makhachkala", ""),
    ("terminal-sangachal", "Sangachal terminal", "terminal", "sgc,btc", "sangachal_terminal", ""),
    ("terminal-ceyhan", "Ceyhan marine terminal", "terminal", "btc", "ceyhan_terminal", ""),
    ("terminal-melendugno", "TAP receiving terminal (Melendugno)", "terminal", "sgc",
     "melendugno_prt", ""),
    ("border-khorgos", "Khorgos / Altynkol", "border_crossing", "middle_corridor",
     ("border", "KAZ", "CHN", 80.42, 44.22, ""), "Kazakhstan – China"),
    ("border-dostyk", "Dostyk / Alashankou", "border_crossing", "middle_corridor",
     ("border", "KAZ", "CHN", 82.55, 45.25, ""), "Kazakhstan – China"),
    ("border-boyuk-kasik", "Böyük Kəsik – Gardabani", "border_crossing",
     "middle_corridor,btk", ("border", "AZE", "GEO", 45.20, 41.33, ""), "Azerbaijan – Georgia"),
    ("border-kartsakhi", "Kartsakhi – Çıldır", "border_crossing", "btk,middle_corridor",
     ("border", "GEO", "TUR", 43.22, 41.23, ""), "Georgia – Turkey"),
    ("border-turkgozu", "Türkgözü / Vale", "border_crossing", "sgc,btc",
     ("border", "GEO", "TUR", 42.80, 41.57, ""), "Georgia – Turkey (pipelines)"),
    ("border-kipoi", "Kipoi", "border_crossing", "sgc", ("border", "TUR", "GRC", 26.33, 40.93, ""),
     "Turkey – Greece; TANAP meets TAP"),
    ("border-kapikule", "Kapıkule", "border_crossing", "middle_corridor",
     ("border", "TUR", "BGR", 26.323, 41.724, ""), "Turkey – Bulgaria"),
    ("border-astara", "Astara", "border_crossing", "instc", ("border", "IRN", "AZE", 48.87, 38.44, ""),
     "Iran – Azerbaijan"),
    ("border-yalama", "Yalama – Samur", "border_crossing", "instc",
     ("border", "AZE", "RUS", 48.55, 41.85, ""), "Azerbaijan – Russia"),
    ("border-sarakhs", "Sarakhs", "border_crossing", "instc", ("border", "IRN", "TKM", 61.19, 36.53, ""),
     "Iran – Turkmenistan"),
    ("border-inche-borun", "Inche Borun – Akyayla", "border_crossing", "instc",
     ("border", "IRN", "TKM", 54.75, 37.35, ""), "Iran – Turkmenistan"),
    ("border-bolashak", "Serhetyaka – Bolashak", "border_crossing", "instc",
     ("border", "TKM", "KAZ", 54.50, 42.20, ""), "Turkmenistan – Kazakhstan"),
    ("border-dilucu", "Dilucu – Sadarak", "border_crossing", "tripp",
     ("border", "TUR", "AZE", 44.79, 39.665, ""), "Turkey – Azerbaijan (Nakhchivan)"),
    ("border-aghband", "Aghband (Azerbaijan – Armenia)", "border_crossing", "tripp,meghri_julfa",
     ("araxes_pt", 46.514, 38.882, 1.2), "East end of the Syunik (Meghri) section"),
    ("border-agarak-ordubad", "Agarak – Ordubad (Armenia – Nakhchivan)", "border_crossing",
     "tripp,meghri_julfa", ("araxes_pt", 46.136, 38.864, 1.0), "West end of the Syunik section"),
    ("border-agarak-nurduz", "Agarak – Nurduz", "border_crossing", "tripp",
     (46.17, 38.855, ""), "Armenia – Iran road bridge; TRIPP does not cross it"),
    ("checkpoint-hakari", "Hakari bridge checkpoint", "checkpoint", "lachin", "hakari_bridge",
     "Azerbaijani checkpoint since April 2023"),
    ("junction-marabda", "Marabda", "junction", "btk,middle_corridor", "marabda", ""),
    ("junction-akhalkalaki", "Akhalkalaki", "junction", "btk,middle_corridor", "akhalkalaki",
     "Gauge-change station"),
    ("junction-kars", "Kars", "junction", "btk,middle_corridor,tripp", "kars_station", ""),
    ("junction-beyneu", "Beyneu", "junction", "middle_corridor,instc", "beyneu", ""),
    ("junction-horadiz", "Horadiz", "junction", "tripp,meghri_julfa", "horadiz", ""),
    ("junction-julfa", "Julfa", "junction", "tripp,meghri_julfa", "julfa", ""),
    ("junction-nakhchivan", "Nakhchivan", "junction", "tripp", "nakhchivan", ""),
    ("junction-rasht", "Rasht", "junction", "instc", "rasht", "Railhead of the western route"),
    ("junction-tbilisi", "Tbilisi", "junction", "middle_corridor,btk", "tbilisi", ""),
    ("junction-bereket", "Bereket", "junction", "instc", "bereket", ""),
]

