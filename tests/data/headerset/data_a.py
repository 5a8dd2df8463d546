"""Article texts and labels (part A), copied from stored copies of the pages. Labelled blind."""

def P(text, routes=None, actors=None, note=""):
    return ("p", text, routes or {}, actors or [], note)

def H(text):
    """A sub-heading inside the body (printed, not a labelled paragraph)."""
    return ("h", text)

def T(text):
    """A credit / end-marker line after the body (printed, not a labelled paragraph)."""
    return ("t", text)

ARTICLES = []

ARTICLES.append(dict(
    key="orbeli-anaklia-deep-sea-port",
    outlet="Orbeli Center (orbeli.am)",
    url="https://orbeli.am/en/post/317/2019-11-21/Georgia%E2%80%99s+Anaklia+Deep+Sea+Port",
    shape="title; reading-time + ISO date line `19 m.   |  2019-11-21`; `Authors A, B` line (two authors, comma)",
    header=["Georgia’s Anaklia Deep Sea Port", "19 m.   |  2019-11-21", "Authors Ara Marjanyan, Karen Veranyan"],
    title="Georgia’s Anaklia Deep Sea Port", authors=["Ara Marjanyan", "Karen Veranyan"], date="2019-11-21",
    cut="Long analysis: the stored copy cuts its 4th paragraph mid-sentence; the file keeps the first 3 paragraphs.",
    body=[
        P("The construction project of a totally new 5th Black Sea port in Georgia [2] was announced for the first time during the former President Sahakashvili’s New Year message, in December 2011. This refers to the construction project of a deep-water port “Lazika”, formed at the Enguri River delta and the Black Sea coast of Anaklia (pic.1). Later it was renamed to “Anaklia” Deep-Water Port project after the local village located 3.5 km south to the Enguri River with the same name. (pic.1).",
          {"anaklia": "primary"}, ["state:Georgia", "person:Mikheil Saakashvili (Georgia)"],
          "Printed 'Sahakashvili' (page spelling kept in the text); canonical Mikheil Saakashvili. '[2]' and '(pic.1)' are the page's reference marks, kept."),
        P("Under the project called “new age deal” by Sahakashvili, the “Lazika” port should occupy 85 hectares with the new city built next to the port aiming to occupy another 10 thousand hectares. “The population of this city will reach half a million in ten years”: said President Sahakashvilli in his message. The first ship was expected to dock in autumn of 2014.",
          {"anaklia": "primary"}, ["person:Mikheil Saakashvili (Georgia)", "state:Georgia"],
          "Lazika = the earlier name of the Anaklia port project. 'Sahakashvilli' typo kept."),
        P("There were no analytical publication about Lazika in Georgian official sources, print or electronic media in 2012-2013. This could be explained by the rapid inter-political developments [3]. The projects were not even clear regarding there status as separate entities “Lazika” and “Ankalia”. The first small-scale content publication was made on September 28, 2012, on the Ukranian “Center for Transport Strategies” website. Based on this publication “Sahakashvili wanted to show the West and Russia, that Georgia’s political elite are able to carry out large scale projects in technology and infrastructure, and to strengthen Georgia’s economy in the eyes of its sponsors as an example for the CIS countries”. In addition, according to Sahakashvili: “the construction of a new port and city will become a symbol of the urban development breakthrough for an agrarian Georgia”.",
          {"anaklia": "primary"}, ["person:Mikheil Saakashvili (Georgia)", "state:Georgia", "state:Russia"],
          "Typos 'Ankalia', 'Ukranian', 'there status' kept. The Center for Transport Strategies is cited as a website (media), not an actor."),
    ]))

ARTICLES.append(dict(
    key="investorge-anaklia-explainer",
    outlet="Investor.ge (AmCham Georgia magazine)",
    url="http://investor.ge/article_2019_2.php?art=8",
    shape="issue line before the title (`Issue 2, 2019. April-May`, no day); ALL-CAPS headline with an inline `EXPLAINER:` kicker; standfirst; no author; sub-headings in the body",
    header=["Issue 2, 2019. April-May", "EXPLAINER: ANAKLIA DEEP-SEA PORT",
            "The planned Black Sea deep-sea port is expected to bolster Georgia's role in the region as a transit and logistics hub"],
    title="EXPLAINER: ANAKLIA DEEP-SEA PORT", authors=[], date="",
    cut="The stored copy cuts the 11th paragraph ('It will ultimately …') mid-sentence; the file keeps the first 10 paragraphs and the 2 sub-headings between them.",
    body=[
        P("The Anaklia Deep Sea Port is often described as Georgia's most important infrastructure project.",
          {"anaklia": "primary"}, ["state:Georgia"], "Date: the magazine issue ('Issue 2, 2019. April-May') gives no day, so date = \"\". The 'EXPLAINER:' prefix is printed on the headline line and kept in the title (see README)."),
        P("The construction and development of a deep sea port on Georgia's Black Sea coast is by no means singular in purpose:",
          {"anaklia": "primary"}, ["state:Georgia"], "A short paragraph ending in a colon (it introduces the next one)."),
        P("In the short term, the port would serve to further expand the region's connectivity, opening up sea shipments coming in from the Black Sea region and beyond. That will allow for shipments by boat to enter the markets of Armenia, Azerbaijan and Georgia on a scale they are currently unable to. Looking further abroad, Anaklia could serve as a transit point between China and Europe, with Iran, India and Central Asia all standing to gain significantly as well.",
          {"anaklia": "primary"}, ["state:Armenia", "state:Azerbaijan", "state:Georgia", "state:China", "state:Iran", "state:India"], "Europe and Central Asia are regions."),
        H("Where did Anaklia get its start?"),
        P("Located 140 kilometers north of Georgia's Black Sea town of Batumi, Anaklia has a long history of almost but not quite being on the map.",
          {"anaklia": "primary"}, ["state:Georgia"], "Under the sub-heading 'Where did Anaklia get its start?' (not a paragraph)."),
        P("The Soviet Union looked at the idea of building a port in the area back in 1984, but the idea was only seriously floated under Mikheil Saakashvili's presidency.",
          {"anaklia": "primary"}, ["state:Soviet Union", "person:Mikheil Saakashvili (Georgia)"], ""),
        P("Saakashvili was enthusiastic about the project but it never formally took off during his administration.",
          {"anaklia": "primary"}, ["person:Mikheil Saakashvili (Georgia)"], ""),
        P("The idea of a deep sea port in Anaklia received new life in 2015 when the Georgian Dream government announced a tender for the port to be built, and the JSC Anaklia Development Consortium was selected over another bidder.",
          {"anaklia": "primary"}, ["state:Georgia", "company:Anaklia Development Consortium"], "'The Georgian Dream government' = Georgia's government."),
        H("Development and investment"),
        P("Construction officially kicked off in December 2017.",
          {"anaklia": "primary"}, [], "One-sentence paragraph under the sub-heading 'Development and investment'."),
        P("Work on dredging the bed of the port began in September 2018, led by Dutch company Van Oord. To date, more than five million cubic meters of sand has been removed from the seabed.",
          {"anaklia": "primary"}, ["company:Van Oord"], "'Dutch' is the company's origin, not the state acting."),
        P("The port will be constructed in a series of nine phases, with some of the most important aspects including a 2.25 km quay wall, a 2.9 km breakwater and break and dry and liquid bulk berths.",
          {"anaklia": "primary"}, [], ""),
    ]))

ARTICLES.append(dict(
    key="rustavi2-anaklia-novorossiysk-rival",
    outlet="Rustavi 2",
    url="http://web1.rustavi2.ge/en/news/126228",
    shape="date + time line BEFORE the title (`29 February 2020,   08:12`); no author",
    header=["29 February 2020,   08:12", "Anaklia Port - Georgian rival of Russian Novorossisk, which will be able to receive large ships"],
    title="Anaklia Port - Georgian rival of Russian Novorossisk, which will be able to receive large ships", authors=[], date="2020-02-29",
    cut="",
    body=[
        P('At the end of 2020, the Anaklia Port should take the first ship, Georgia"s deep-sea port should start functioning in 2021 - if the construction of the third and largest port in the vicinity of the occupied territories will not be hindered and campaign against the founder of Anaklia consortium Mamuka Khazaradze does not hinder the process.',
          {"anaklia": "primary"}, ["state:Georgia", "company:Anaklia Development Consortium", "person:Mamuka Khazaradze (Anaklia Development Consortium)"],
          "The page prints a straight double quote for the apostrophe ('Georgia\"s'): kept."),
        P('The founding of this holding is the American "Conti Group."The special charm of the Anaklia project is in its capacity. Now the port will be able to get big ships and reload much more containers than the ports of Batumi and Poti. Processing factories in the area will be working and construction of the entire industry is planned.',
          {"anaklia": "primary"}, ["company:Conti Group"], "Missing space after 'Group.\"' kept. 'American' is the company's origin."),
        P('At this stage Georgia can get about 25 percent of the Black Sea freight through 2 ports, Batumi and Poti, the rest is lost. Anaklia"s deep-water port, which could serve large and giant ships, will further increase the country"s transit potential. At the same time, another new and alternative transport corridor to the west and east connecting routes will be serious competitor of the Russian port of Novorossiysk.',
          {"anaklia": "primary"}, ["state:Georgia", "state:Russia"], "Russia as the location of the rival port (state named as location)."),
        P("Western investments in such a project and, therefore, the emergence of the interests of the EU and America, will further increase the geopolitical significance of Georgia.",
          {"anaklia": "primary"}, ["org:European Union", "state:United States", "state:Georgia"], "'America' = the United States."),
    ]))

ARTICLES.append(dict(
    key="naturalgasworld-tap-expansion-interest",
    outlet="Natural Gas World",
    url="https://www.naturalgasworld.com/tap-seeks-interest-in-more-pipe-capacity-88346",
    shape="section kicker above the title (`• Natural Gas News`); standfirst; lower-case `by: Name` byline; no date printed",
    header=["• Natural Gas News", "TAP seeks interest in more pipe capacity",
            "The last leg of the Southern Gas Corridor is up for expansion, subject to advance capacity commitments from shippers.",
            "by: William Powell"],
    title="TAP seeks interest in more pipe capacity", authors=["William Powell"], date="",
    cut="Dropped: the 'Posted in:' category/tag list and the headline repeated above the body. The stored text ends after the 4th paragraph; that this is the article's end could not be checked.",
    body=[
        P("The 10bn m³/yr TransAdriatic Pipeline (TAP) launched May 17 the information phase of its possible expansion, giving shippers two months before the binding bids may be submitted. The expansion has approval from the national regulatory authorities of Greece, Albania and Italy.",
          {"sgc": "primary"}, ["company:TAP AG", "state:Greece", "state:Albania", "state:Italy"], "TAP is the European leg of the Southern Gas Corridor. 'May 17' has no year; no date is printed in the header."),
        P("TAP, which terminates in Italy, is an extension of the Trans-Anatolian Pipeline, which carries gas from Azerbaijan.",
          {"sgc": "primary"}, ["company:TAP AG", "state:Italy", "state:Azerbaijan"], ""),
        P("TAP CEO Luca Schieppati said: “After four and a half months since gas flow via TAP started, we transported more than 2bn m³ of gas and provided safe and reliable transmission services to our shippers.The possibility to expand TAP’s capacity in stages, in line with the relevant demand and supply, is a significant opportunity, especially for the countries in the southeastern Europe region, which could enable them to reach their decarbonisation targets.”",
          {"sgc": "primary"}, ["person:Luca Schieppati (TAP AG)", "company:TAP AG"], "Missing space 'shippers.The' kept."),
        P("TAP is offering three expansion scenarios: a limited expansion to about 14.4bn m³ yr; a partial expansion  to about 17.1bn m³/yr and a full expansion or doubling to 20bn m³/yr.",
          {"sgc": "primary"}, ["company:TAP AG"], "Double space 'expansion  to' kept."),
    ]))

ARTICLES.append(dict(
    key="cbw-btk-184000-tons",
    outlet="Caucasus Business Week (cbw.ge)",
    url="https://cbw.ge/world/baku-tbilisi-kars-railway-carries-184000-tons-of-freight",
    shape="relative date line BEFORE the title (`Posted: 2 years ago`); no author",
    header=["Posted: 2 years ago", "Baku-Tbilisi-Kars Railway Carries 184,000 tons of freight"],
    title="Baku-Tbilisi-Kars Railway Carries 184,000 tons of freight", authors=[], date="",
    cut="",
    body=[
        P("Inaugurated in October 2017, the Baku-Tbilisi-Kars (BTK) Railway has carried 184,000 tons of freight, while 17,500 tons of it has been sent via Turkey.",
          {"btk": "primary"}, ["state:Turkey"], "'Posted: 2 years ago' is a relative date: date = \"\"."),
        P("Transport and Infrastructure Minister Cahit Turhan said the rate of freight carried on the BTK in overall international cargo handling was 6.8 percent last year. The train traveled on the 1,974-kilometer railway track on the Turkish side in 57.5 hours.",
          {"btk": "primary"}, ["person:Cahit Turhan (Turkey)", "state:Turkey"], ""),
        P("The BTK railway line, which links all the roads reaching the country from China and Central Asia, is of crucial importance in terms of infrastructure.",
          {"btk": "primary"}, ["state:China"], ""),
        P("This project connects not only three countries, but also the U.K., France, Belgium, Germany, Austria, Hungary, Serbia, Bulgaria, Turkey, Georgia, Azerbaijan, Kazakhstan, Turkmenistan and China. The 829-kilometer railway line, extending from Baku to Kars, complements a major part of the Middle Corridor with the Caspian Pass line.",
          {"btk": "primary", "middle_corridor": "mention"},
          ["state:United Kingdom", "state:France", "state:Belgium", "state:Germany", "state:Austria", "state:Hungary", "state:Serbia", "state:Bulgaria", "state:Turkey", "state:Georgia", "state:Azerbaijan", "state:Kazakhstan", "state:Turkmenistan", "state:China"],
          "Middle Corridor named in passing."),
        P('Indicating that the significance of the project will be understood much better in upcoming years, Turhan noted: "This is because the trade volume between China and Europe has reached $1.5 billion per day. This trade flow is expected to continue to increase and will exceed $2 billion per day over the next 5-6 years."',
          {"btk": "primary"}, ["person:Cahit Turhan (Turkey)", "state:China"], ""),
    ]))

ARTICLES.append(dict(
    key="transportjournal-btk-first-freight-wagons",
    outlet="Transport Journal (transportjournal.com)",
    url="https://www.transportjournal.com/de/home/news/artikeldetail/first-freight-wagons-on-the-baku-tbilisi-kars-line.html",
    shape="photo credit and `Artikel Nummer: 23813` above the title; no byline, no date; author initials `(ben)` at the end of the last paragraph",
    header=["• Photo: Ady Express", "Artikel Nummer: 23813", "First freight wagons on the Baku–Tbilisi–Kars line"],
    title="First freight wagons on the Baku–Tbilisi–Kars line", authors=[], date="",
    cut="Dropped: the 'Mehr zum Thema' related-articles strip.",
    body=[
        P("So far, cargo on the Baku–Tbilisi–Kars railway line (BTK) was transported only in containers. Now goods were transported in freight wagons for the first time. The firms Ady Express and AzRusTrans transported grain from Russia to Kars station (Turkey) in grain carriers (hoppers). Twelve wagons of grain were delivered to Akhalkalaki (Georgia), where the wheel systems (bogies) were changed and the cargo was sent to Kars.",
          {"btk": "primary"}, ["company:Ady Express (Azerbaijan)", "company:AzRusTrans", "state:Russia", "state:Turkey", "state:Georgia"], "Russia/Turkey/Georgia named as origin and locations of the route."),
        P("The BTK railway, commissioned on 30 October 2017, covers a total length of 846 km. 504 km thereof pass through Azerbaijan, 263 km through Georgia and 79 km through Turkey. Today the line is the shortest route between Russia and Turkey. (ben)",
          {"btk": "primary"}, ["state:Azerbaijan", "state:Georgia", "state:Turkey", "state:Russia"], "'(ben)' = the writer's initials, printed at the end of the paragraph and kept in its text; initials are not a person name, so authors = []. '30 October 2017' is an event date, not the publication date."),
    ]))

ARTICLES.append(dict(
    key="regionplus-terminal-boom",
    outlet="Region Plus (regionplus.az)",
    url="https://regionplus.az/en/articles/view/8749",
    shape="site's current date + weekday/time BEFORE the title (`5 December 2025` / `Friday, 10:03`); ALL-CAPS title; standfirst; empty `Author:` line; article date `01.07.2025` (DD.MM.YYYY) after it; sub-heading in the body",
    header=["5 December 2025", "Friday, 10:03", "TERMINAL BOOM",
            "Baku, Astana, and Tbilisi speeding up expansion capacity of the Middle Corridor", "Author:", "01.07.2025"],
    title="TERMINAL BOOM", authors=[], date="2025-07-01",
    cut="The stored copy cuts the 4th paragraph (a quote) mid-sentence; the file keeps 3 paragraphs and the sub-heading.",
    body=[
        P("In the context of ongoing military conflicts in the vast Eurasian region, transport and logistics vectors have recently shifted towards the Middle Corridor. The short delivery shoulder, logistics security and established partnerships in the Caspian-Black Sea region have facilitated this. Investments in the development of port terminals and modernisation of the railways of the Trans-Caspian International Transport Route (TITR) have increased significantly. Kazakhstan's PTC Holding group of companies has therefore commissioned a state-of-the-art terminal near the Georgian port of Poti. The terminal was built by Azerbaijan's INNOPRO CJSC. At the end of June, the inaugural goods train from the Chinese province of Zhejiang, transiting through Turkmenistan to Azerbaijan, was launched. This initiative is aimed at expanding the throughput capacity of TITR.",
          {"middle_corridor": "primary"}, ["company:PTC Holding", "company:INNOPRO CJSC", "state:Georgia", "state:China", "state:Turkmenistan", "state:Azerbaijan"],
          "Date: '01.07.2025' (printed under 'Author:') is the article's date; '5 December 2025 / Friday, 10:03' above the title is the site's current-date bar (the day the copy was stored), not the publication date. Kazakhstan/Azerbaijan as company origins are not actors; Azerbaijan is the train's destination."),
        H("Necessary alternative"),
        P("The potential impact of Iran's threat to close the Strait of Hormuz on the global economy is significant, given that up to 25 per cent of the world's oil trade passes through this strategic waterway. Furthermore, in the past two years, missile attacks by Yemen's Houthi movement against merchant ships and tankers have already had an impact on maritime transport communications in the Bab-el-Mandeb Strait, the Red Sea region and the Suez Canal.",
          {}, ["state:Iran", "org:Houthi movement"], "Under the sub-heading 'Necessary alternative'. No route of ours (Hormuz, Red Sea, Suez)."),
        P("In light of ongoing regional and international conflicts, the threats pose a significant challenge to well-trodden transport routes.",
          {}, [], ""),
    ]))

ARTICLES.append(dict(
    key="gasandoil-kazakhstan-btc-2008",
    outlet="Gas and Oil Connections (gasandoil.com)",
    url="http://www.gasandoil.com/news/2008/11/ntc84899",
    shape="title; `Mon DD, YYYY HH:MM AM` date line (`Oct 15, 2008 02:00 AM`); lower-case `by Name` byline",
    header=["Kazakhstan and the BTC pipeline", "Oct 15, 2008 02:00 AM", "by John C.K. Daly"],
    title="Kazakhstan and the BTC pipeline", authors=["John C.K. Daly"], date="2008-10-15",
    cut="The stored copy cuts the 6th paragraph mid-sentence; the file keeps the first 5. In the stored copy some paragraphs are separated by a single line break.",
    body=[
        P("The August Russian-Georgian military conflict highlighted the vulnerability of Western-funded export routes through the Caucasus region for Caspian oil. Even before the confrontation effectively locked in Azeri crude, an explosion on Aug. 5 on the Turkish section of the 1,094-mile, $ 3.6 bn Baku-Tbilisi-Ceyhan pipeline, opened in May 2006, effectively closed the pipeline two days before the outbreak of hostilities.",
          {"btc": "primary"}, ["state:Russia", "state:Georgia", "state:Turkey"], "Russia and Georgia as the parties of the war; Turkey as the location of the pipeline section. 'Azeri crude' is a commodity, not the state acting."),
        P("If the armed confrontation made Western investors nervous about future Western-running pipeline projects, Kazakhstan has drawn its own conclusions about the need to diversify export routes. In a gesture of support that will gladden both Baku and BP executives, Astana later this month will begin pumping Kazakh oil from its massive Tengiz field into BTC, according to BP-Azerbaijan executives.",
          {"btc": "primary"}, ["state:Kazakhstan", "state:Azerbaijan", "company:BP"], "Astana and Baku (capitals) act for their states."),
        P('It is perhaps mere coincidence that the announcement follows the Oct. 5 visit by US Secretary of State Condoleezza Rice to Kazakhstan. During her flight from India to Kazakhstan, Rice was at pains to assure reporters accompanying her that the United States is not interested in playing a "zero-sum game" in Kazakhstan by insisting Kazakhstan side with the United States at the expense of its ties with its traditional ally Russia.',
          {"btc": "mention"}, ["person:Condoleezza Rice (United States)", "state:United States", "state:Kazakhstan", "state:Russia"], "'The announcement' = the Kazakh BTC announcement, referred to in passing. India is a waypoint of the flight."),
        P('"Kazakhstan is an independent country. It can have friendships with whomever it wishes," Rice said.',
          {}, ["person:Condoleezza Rice (United States)", "state:United States", "state:Kazakhstan"], "A short quote paragraph."),
        P('Rice\'s visit to Astana was preceded by Kazakh Foreign Minister Marat Tazhin visiting New York, where in September he delivered a speech at the 63rd UN General Assembly session and held a bilateral meeting with Rice. Tazhin followed that up with an Oct. 1 and 2 visit to Washington for what the Kazakh media described as "regular friendly consultations with top US officials."',
          {}, ["person:Condoleezza Rice (United States)", "person:Marat Tazhin (Kazakhstan)", "state:Kazakhstan", "org:United Nations", "state:United States"], ""),
    ]))

ARTICLES.append(dict(
    key="ogj-kazakhstan-btc-2006",
    outlet="Oil & Gas Journal (ogj.com)",
    url="http://www.ogj.com/content/ogj/en/articles/2006/06/kazakhstan-to-ship-oil-through-btc-line.html",
    shape="title; `Month D, YYYY` date line; standfirst (same sentence as the lead, without the dateline); author name and job title on two lines (`Eric Watkins` / `Senior Correspondent`); body opens with a dateline",
    header=["Kazakhstan to ship oil through BTC line", "June 19, 2006",
            "Kazakhstan will begin transporting oil through the Baku-Tbilisi-Ceyhan pipeline following an agreement signed June 16 by Kazakh President Nursultan Nazarbayev and Azeribaijan President Ilham Aliev.",
            "Eric Watkins", "Senior Correspondent"],
    title="Kazakhstan to ship oil through BTC line", authors=["Eric Watkins"], date="2006-06-19",
    cut="The article goes on under the sub-heading 'Other agreements', whose 2nd paragraph the stored copy cuts; the file stops before that sub-heading (7 paragraphs).",
    body=[
        P("LOS ANGELES, June 19 -– Kazakhstan will begin transporting oil through the Baku-Tbilisi-Ceyhan pipeline following an agreement signed June 16 by Kazakh President Nursultan Nazarbayev and Azeribaijan President Ilham Aliev.",
          {"btc": "primary"}, ["state:Kazakhstan", "state:Azerbaijan", "person:Nursultan Nazarbayev (Kazakhstan)", "person:Ilham Aliyev (Azerbaijan)"],
          "The standfirst above the byline repeats this sentence without the dateline; it is not a body paragraph. Dateline 'LOS ANGELES, June 19 -–' (odd '-–' kept) is part of the first paragraph. 'Azeribaijan' typo kept; 'Aliev' = Ilham Aliyev."),
        P("Kazakhstan will supply as much as 25 million tonnes/year of oil for the 1,800-km line, which passes through Azerbaijan (443 km), Georgia (248 km), and Turkey (1,076 km).",
          {"btc": "primary"}, ["state:Kazakhstan", "state:Azerbaijan", "state:Georgia", "state:Turkey"], ""),
        P("Kazakh oil will be shipped by tanker from the northern Caspian port of Aktau to Baku. The project envisions the eventual construction of subsea pipelines between Kazakhstan and Azerbaijan.",
          {"btc": "primary"}, ["state:Kazakhstan", "state:Azerbaijan"], "The Aktau–Baku tanker leg feeding BTC; not the Middle Corridor here."),
        P("The Kazakh decision came with substantial international support. US Sec. of Energy Samuel W. Bodman had urged the central Asian nation to accelerate talks on joining the project (OGJ Online, Mar. 14, 2006).",
          {"btc": "primary"}, ["state:Kazakhstan", "state:United States", "person:Samuel W. Bodman (United States)"], ""),
        P('The Turkish Foreign Ministry welcomed Kazakhstan\'s decision to join BTC, saying it would "strengthen the East-West energy corridor," help diversify energy sources, and decrease the number of tankers passing through the narrow Bosporus and Dardanelles.',
          {"btc": "primary"}, ["state:Turkey", "state:Kazakhstan"], ""),
        P("Turkish Deputy Prime Minister Abdullah Gul said line fill will be complete on July 13. The first cargo of oil transported through the BTC pipeline left Ceyhan in early June.",
          {"btc": "primary"}, ["state:Turkey", "person:Abdullah Gul (Turkey)"], ""),
        P("Kazakhstan produces about 1.3 million b/d of oil, but it expects output to reach 3 million b/d by 2015 largely on the strength of Kashagan offshore field, which is likely to start commercial production by 2009.",
          {}, ["state:Kazakhstan"], "Kazakh output; no route."),
    ]))
