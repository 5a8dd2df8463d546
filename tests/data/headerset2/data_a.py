"""Article texts and labels (part A), copied from stored copies of the pages. Labelled blind."""

def P(text, routes=None, actors=None, note=""):
    return ("p", text, routes or {}, actors or [], note)

def H(text):
    """A sub-heading or pull quote inside the body (printed, not a labelled paragraph)."""
    return ("h", text)

def T(text):
    """A credit / end-marker line after the body (printed, not a labelled paragraph)."""
    return ("t", text)

ARTICLES = []

ARTICLES.append(dict(
    key="railwaynews-chabahar-rail-2009",
    outlet="RailwayNews (railwaynews.net)",
    url="https://www.railwaynews.net/iran-starts-to-chabahar-port-linking-railway-project.html",
    shape="site date bar BEFORE the title (`07 Nov 2019 Thur`); title; article date with weekday and time AFTER the title (`11 November 2009 Wednesday, 11:23`); site tagline line; no author",
    header=["07 Nov 2019 Thur", "Iran Starts to Chabahar Port Linking Railway Project",
            "11 November 2009 Wednesday, 11:23", "Train Freight transportation platform"],
    title="Iran Starts to Chabahar Port Linking Railway Project", authors=[], date="2009-11-11",
    cut="Dropped: the comment form ('Make a Comment...', e-mail notice, Akismet line) and the theme footer. In the stored copy paragraphs 2-5 are separated by single line breaks; each line is one paragraph here.",
    body=[
        P("Iran’s Khatam-ol Anbiya Construction Headquarters has won a $2.5bn tender to build a rail network in the Chabahar Free Zone in the southeastern part of the country.",
          {"instc": "mention"}, ["state:Iran", "org:Khatam-al-Anbiya Construction Headquarters"],
          "Date: the top line `07 Nov 2019 Thur` is read as the site's date bar; the article date is the `11 November 2009` line under the title. The Chabahar rail link belongs to the INSTC's eastern branch, but the corridor is not named: mention only."),
        P("The main contracting arm of the Islamic Republic of Iran Guard Corps, Khatam-ol-Anbia, will build the rail route linking the south-eastern port of Chabahar with the country’s rail network.",
          {"instc": "mention"}, ["org:Islamic Revolutionary Guard Corps", "org:Khatam-al-Anbiya Construction Headquarters", "state:Iran"]),
        P("The line is part of the freight transit route from Chabahar to the north-eastern border town of Sarakhs.",
          {"instc": "mention"}, []),
        P("The project will be carried out in three phases and is aimed at increasing the route’s annual capacity to 20 million tonnes.",
          {}, []),
        P("The Revolutionary Guards (Army of the Guardians of the Islamic Revolution) is a branch of Iran’s military.",
          {}, ["org:Islamic Revolutionary Guard Corps", "state:Iran"]),
    ],
))

ARTICLES.append(dict(
    key="tehrantimes-zahedan-chabahar-2021",
    outlet="Tehran Times (tehrantimes.com, print view)",
    url="https://www.tehrantimes.com/print/442993/Zahedan-Chabahar-railway-to-be-completed-by-Mar-2021",
    shape="title; `Month D, YYYY - HH:MM` date line; no author; body opens with a `TEHRAN-` dateline",
    header=["Zahedan-Chabahar railway to be completed by Mar. 2021", "December 14, 2019 - 17:20"],
    title="Zahedan-Chabahar railway to be completed by Mar. 2021", authors=[], date="2019-12-14",
    cut="",
    body=[
        P("TEHRAN- The railroad which is to connect Zahedan, the capital city of Iran’s southeastern province of Sistan-Baluchestan, to Chabahar, a strategic port city in the province, will be completed by the end of the next Iranian calendar year (March 2021), the governor general of Sistan-Baluchestan announced on Saturday.",
          {"instc": "mention"}, ["state:Iran"],
          "Dateline `TEHRAN-` is part of the first paragraph. The governor general is named only in the next paragraph."),
        P("Ahmad-Ali Mouhebati further said that Zahedan-Chabahar railway is currently under construction in eight parts, IRNA reported.",
          {"instc": "mention"}, ["person:Ahmad-Ali Mouhebati (Iran)"], "IRNA is a news agency (media), not an actor."),
        P("Connecting the ports to the railway network is an issue seriously emphasized and followed up by Iran over the recent years, as the country is strongly pursuing the objective of boosting exports and transit via its ports.",
          {}, ["state:Iran"]),
        P("Chabahar Port in southeast Iran is the most prioritized one for railway connection as the port’s exemption from the new round of the U.S. sanctions on the country is an opportunity for development of export, transit, and also transshipment.",
          {"instc": "mention"}, ["state:Iran", "state:United States"]),
        P("Lying on the coast of the Gulf of Oman in Iran’s southeastern Sistan-Baluchestan Province, Chabahar is the country’s only oceanic port and given its strategic location in the International North-South Transport Corridor (INSTC) development of the port is of high significance for Iran.",
          {"instc": "primary"}, ["state:Iran"]),
    ],
))

ARTICLES.append(dict(
    key="aysor-nakhijevan-meghri-railway",
    outlet="Aysor (aysor.am)",
    url="https://aysor.am/en/news/2021/01/12/երկաթգիծ-Մեղրի/1790800",
    shape="numeric date + time BEFORE the title (`12/01/2021 17:16`, DD/MM/YYYY); no author",
    header=["12/01/2021 17:16", "Nakhijevan and Azerbaijan to tie with railway passing through Armenia’s Meghri"],
    title="Nakhijevan and Azerbaijan to tie with railway passing through Armenia’s Meghri", authors=[], date="2021-01-12",
    cut="In the stored copy the paragraphs are separated by single line breaks; each line is one paragraph here.",
    body=[
        P("The cost of the construction of railway between Azerbaijan and Turkey are estimated 434 million USD, director of Azerbaijan’s economic reforms and communication analysis center Vusal Gasimli stated.",
          {"meghri_julfa": "primary"}, ["state:Azerbaijan", "state:Turkey", "person:Vusal Gasimli (Azerbaijan)",
                                        "org:Center for Analysis of Economic Reforms and Communication"],
          "Date 12/01/2021 read as DD/MM (the URL has 2021/01/12)."),
        P("He said he is speaking about the construction of Kars-Nakhijevan-Meghri-Zangelan-Baku railway which first of all must tie Nakhijevan with Azerbaijan.",
          {"meghri_julfa": "primary"}, ["person:Vusal Gasimli (Azerbaijan)", "state:Azerbaijan"],
          "Pronoun 'He' = Gasimli (named in the previous paragraph)."),
        P("He said using Azerbaijan’s potential Armenia may establish transport communication with Russia in two directions – Gyumri-Nakhijevan-Meghri-Baku and Ijevan-Gazakh-Baku.",
          {"meghri_julfa": "primary"}, ["person:Vusal Gasimli (Azerbaijan)", "state:Azerbaijan", "state:Armenia", "state:Russia"]),
        P("“Taking into consideration the possibility of construction of Kars-Gyumri branch of the railway, according to the assessments of foreign sources Kars-Gyumri-Nakhijevan-Meghri railway construction project will cost approximately 434 million USD,” Gasimli stated.",
          {"meghri_julfa": "primary"}, ["person:Vusal Gasimli (Azerbaijan)"]),
    ],
))

ARTICLES.append(dict(
    key="alphanews-tripp-against-iran",
    outlet="Alpha News (alphanews.am)",
    url="https://alphanews.am/?p=188469",
    shape="title with curly single quotes; `Month D YYYY, HH:MM` date line with NO comma between day and year (`January 15 2026, 12:45`); no author",
    header=["TRIPP is the ‘Zangezur corridor’ directed also against Iran", "January 15 2026, 12:45"],
    title="TRIPP is the ‘Zangezur corridor’ directed also against Iran", authors=[], date="2026-01-15",
    cut="Opinion piece: the stored copy cuts the 3rd paragraph mid-sentence; the file keeps the first 2.",
    body=[
        P("On January 14, 2026, an event took place in Washington that was officially presented as a “historic breakthrough” in ensuring regional peace and prosperity. The signing of the Trump Route for International Peace and Prosperity (TRIPP) Implementation Framework by Armenian Foreign Minister Ararat Mirzoyan and US Secretary of State Marco Rubio marked the culmination of processes launched back in August 2025. Yet behind the diplomatic wording from Armenia’s Foreign Ministry lies a project that could permanently redraw the map of the region and deprive Armenia of the remnants of its statehood.",
          {"tripp": "primary"}, ["person:Ararat Mirzoyan (Armenia)", "person:Marco Rubio (United States)", "state:Armenia", "state:United States"],
          "The body's 'January 14, 2026' is the event date; the printed article date is January 15."),
        P("TRIPP cannot be analyzed in isolation from the global geopolitical agenda of Donald Trump’s administration. Today, the United States has openly set course for the final dismantling of the Iranian regime, employing the tactic of “Maximum Pressure 2.0.” The situation in Iran is extremely tense: amid unprecedented sanctions against any country doing business with Tehran, the nation is shaken by organized protests. Trump, in his public statements, openly incites demonstrators to seize administrative buildings, effectively pushing the region to the brink of a major war. In response, Tehran has declared that any form of US institutional presence in the region, as well as Israel, will be considered legitimate military targets. And at precisely this moment, when the atmosphere in the region is electrified to the limit, Nikol Pashinyan signs a document that personally brings Americans to the Armenian-Iranian border.",
          {"tripp": "primary"}, ["person:Donald Trump (United States)", "state:United States", "state:Iran", "state:Israel",
                                 "person:Nikol Pashinyan (Armenia)", "state:Armenia"],
          "'Tehran' = Iran's government."),
    ],
))

ARTICLES.append(dict(
    key="arminfo-zangezur-red-line",
    outlet="ArmInfo (arminfo.info)",
    url="https://mail.arminfo.info/full_news.php?id=85918&lang=3",
    shape="site name line; weekday date + time BEFORE the title with no comma between day and year (`Monday, September 9 2024 18:47`); author name alone on a line BEFORE the title; title printed twice; body opens with an `ArmInfo.` source dateline; double spaces in the body",
    header=["Arminfo.info", "Monday, September 9 2024 18:47", "Aline Grigoryan",
            "\"Zangezur corridor\" red line for Armenian state - expert",
            "\"Zangezur corridor\" red line for Armenian state - expert"],
    title="\"Zangezur corridor\" red line for Armenian state - expert", authors=["Aline Grigoryan"], date="2024-09-09",
    cut="The stored copy cuts the 4th paragraph mid-sentence; the file keeps the first 3. Trailing spaces at the ends of the title lines and of the 1st paragraph are stripped; the double spaces inside the paragraphs are kept.",
    body=[
        P("ArmInfo. For Armenia, the implementation of the so-called \"Zangezur corridor\" is a red line fraught with serious political, economic and military challenges. At the same time, Azerbaijan and Turkey have been promoting it for over a hundred years, since the corridor is of strategic importance to them, regional issues expert Karen Igityan said in an interview with ArmInfo.",
          {"tripp": "primary"}, ["state:Armenia", "state:Azerbaijan", "state:Turkey", "person:Karen Igityan (Armenia)"],
          "Pre-TRIPP 'Zangezur corridor' (2024) is labelled tripp, as in the first headerset. `ArmInfo.` opens the paragraph as a source dateline."),
        P("In this regard, the expert noted that the Armenian authorities are  ready to cede their sovereignty in this territory to a private  security company, which, according to him, will subsequently allow  Turkey and Azerbaijan to have unimpeded communication with each  other.",
          {"tripp": "primary"}, ["state:Armenia", "state:Turkey", "state:Azerbaijan", "person:Karen Igityan (Armenia)"],
          "'the expert' = Igityan. The private security company is not named."),
        P("\"For Azerbaijan, stability in the region means only one thing:  weakening Armenia to such an extent that it will be able to seize its  entire territory. At the media forum in Shushi, even foreign guests,  speaking about the territory of Armenia, used the provocative term  \"Western Azerbaijan\". Considering the peace agenda proclaimed by  Pashinyan, the appetite of the Azerbaijani authorities has only  increased. Now they claim that they have no territorial claims, but  later they will announce that this is their historical territory. The  scenario will be approximately the same as in Artsakh. They will  offer to stay, but will do everything to make people leave,\" Karen  Igityan emphasizes.",
          {}, ["state:Azerbaijan", "state:Armenia", "person:Nikol Pashinyan (Armenia)", "person:Karen Igityan (Armenia)"],
          "No corridor named in this paragraph: no route."),
    ],
))

ARTICLES.append(dict(
    key="bakudialogues-lynchpin-middle-corridor",
    outlet="Baku Dialogues (ADA University, bakudialogues.ada.edu.az)",
    url="https://bakudialogues.ada.edu.az/articles/the-lynchpin-of-the-middle-corridor-18-10-2022",
    shape="think-tank journal essay: title; subtitle/standfirst; author name alone; author bio with job title on its own line (`Anthony Kim is Research Fellow … at the Heritage Foundation …`); no date printed (only in the URL); a pull quote repeated in the body",
    header=["The Lynchpin of the Middle Corridor", "The Merits of Greater Strategic Interaction with Baku", "Anthony Kim",
            "Anthony Kim is Research Fellow in Economic Freedom, Editor of the Index of Economic Freedom, and Manager of Global Engagement for the Margaret Thatcher Center for Freedom at the Heritage Foundation. Focusing on policies related to economic freedom, entrepreneurship, and investment in various countries around the world, he researches international economic issues. The views expressed in this essay are his own"],
    title="The Lynchpin of the Middle Corridor", authors=["Anthony Kim"], date="",
    cut="Long essay: two stored copies of this URL; one cuts the 3rd paragraph after its first clause, the other (without the author block) holds it whole up to the 4th, which it cuts. The file keeps the first 3 paragraphs, the 3rd from the second copy (same text). The pull quote printed before the 2nd paragraph (its first sentence) is kept as an unlabelled line.",
    body=[
        P("The Caspian Sea, which lies at the heart of the Eurasian land mass, is a uniquely critical connector linking Asia and Europe. The greater region forming around the world’s largest inland sea matters more than ever as a geostrategic security and economic crossroads.",
          {"middle_corridor": "mention"}, [],
          "The author bio is a header line (not a paragraph). Date only in the URL (18-10-2022): date = \"\". Caspian connector between Asia and Europe, Middle Corridor not yet named: mention."),
        H("For Washington and Brussels, the Caspian region is a distinctive place where a multitude of challenges and opportunities almost constantly and completely converge."),
        P("For Washington and Brussels, the Caspian region is a distinctive place where a multitude of challenges and opportunities almost constantly and completely converge. On the one hand, the region is susceptible to be affected by many of the foreign policy complications the West faces: Russia, China, and Iran. On the other hand, the region presents ample yet not fully tapped economic opportunities for the U.S. and its many allies in Europe. A well\u2011functioning transportation route though the Caspian region would give the whole of Europe as well as the U.S. resilient and diversified supply chains. Also notable is that China in particular has recognized the economic importance of the greater Caspian region and intended to incorporate the region into its own strategic trade and investment engagement by taking its domestic industrial capacity abroad as part of the wider Belt and Road Initiative (BRI) of geo\u2011industrialization through state\u2011led economic development interventions.",
          {"middle_corridor": "primary"}, ["state:United States", "org:European Union", "state:Russia", "state:China", "state:Iran"],
          "'Washington' = United States, 'Brussels' = European Union. The pull quote before this paragraph repeats its first sentence. Non-breaking hyphens (U+2011) kept."),
        P("In this greater and ever\u2011evolving geostrategic context, it is no fantasy when leaders invoke the ancient Silk Roads in arguing for new road, rail, and port infrastructure to realize the region’s potential as a strategic junction for trade from East to West. Hence a noticeable increase in the use of the term “Silk Road region” in some quarters to describe this part of the world.",
          {"middle_corridor": "mention"}, []),
    ],
))

ARTICLES.append(dict(
    key="thisismoney-btc-pipeline-explainer",
    outlet="This is Money (thisismoney.co.uk, Daily Mail)",
    url="http://www.thisismoney.co.uk/money/news/article-1639308/BTC-pipeline.html",
    shape="short title; standfirst naming a team, not a person (`The Daily Mail city team discusses …`); no byline, no date; Q&A sub-headings in the body",
    header=["BTC pipeline", "The Daily Mail city team discusses the Baku-Tbilisi-Ceyhan pipeline."],
    title="BTC pipeline", authors=[], date="",
    cut="Dropped: a whitespace-only line between title and standfirst. The stored text ends after 'What's the trouble?'s 2nd paragraph; that this is the article's end could not be checked.",
    body=[
        H("What is it?"),
        P("One of the world's longest and most important energy arteries - running through a potential war zone.",
          {"btc": "primary"}, [], "Standfirst ('The Daily Mail city team …') is a header line: a team, not a person, so authors = []."),
        P("The Baku-Tbilisi-Ceyhan pipeline connects the oil rich Caspian Sea with the Mediterranean, originating in Azerbaijan, snaking through Georgia, and crossing Turkey to the port of Cehyan, where its crude cargo is loaded into tankers.",
          {"btc": "primary"}, ["state:Azerbaijan", "state:Georgia", "state:Turkey"], "Typo 'Cehyan' kept."),
        P("Operated by a BP-led consortium, the BTC pipeline delivered its first shipments two years ago.",
          {"btc": "primary"}, ["company:BP"]),
        H("Is it important?"),
        P("Yes. The 1,100 mile-long, £1.5bn tube pumps 1m barrels of oil a day, or 1% of the world's oil supply.",
          {"btc": "primary"}, []),
        P("The project was conceived as a way of curbing the West's exposure to Russia's volatile and unpredictable energy policies by bypassing territories under the Kremlin's sphere of influence.",
          {"btc": "primary"}, ["state:Russia"], "'the Kremlin' = Russia."),
        P("The European Union wants to follow it up with a gas pipeline called Nabucco, which would run across Turkey and into Eastern Europe.",
          {"sgc": "mention"}, ["org:European Union", "state:Turkey"],
          "Nabucco = an earlier Southern Gas Corridor pipeline plan: sgc mention."),
        H("What's the trouble?"),
        P("The BTC link could be attacked in fighting between Russia and Georgia. And the Russian bear appears determined to bring Georgia firmly back under its paw, shattering the hope that the BTC could provide the West with energy free from Kremlin interference.",
          {"btc": "primary"}, ["state:Russia", "state:Georgia"]),
        P("The idea that the Caucasus and Turkey could host a trouble-free oil conduit has long looked far-fetched: BTC is already out of action after being attacked by Kurdish rebels.",
          {"btc": "primary"}, ["state:Turkey"], "The Kurdish rebels are not named as an organisation: not listed."),
    ],
))

ARTICLES.append(dict(
    key="meydan-tanap-launch-caucasian-knot",
    outlet="Meydan TV (meydan.tv, reposting Caucasian Knot)",
    url="https://www.meydan.tv/en/article/turkey-and-azerbaijan-to-launch-tanap-pipeline/?ref=article-related-artciles",
    shape="title; source-credit line under the title (`Originally published by Caucasian Knot`); no byline, no date",
    header=["Turkey and Azerbaijan to launch TANAP pipeline", "Originally published by Caucasian Knot"],
    title="Turkey and Azerbaijan to launch TANAP pipeline", authors=[], date="",
    cut="Dropped: the donation appeal ('While you are here …', 2 paragraphs), 'Featured in:', the shortlink and 'Most Viewed'.",
    body=[
        P("The Trans-Anatolian gas pipeline (TANAP), which will deliver gas from Azerbaijan to Turkey and then to Europe, will start working on 12 June, the Turkish Energy Minister has announced.",
          {"sgc": "primary"}, ["state:Azerbaijan", "state:Turkey"],
          "The minister is named only in paragraph 4; here by title only, so not listed as a person. Caucasian Knot (credit line) is media: not an author, not an actor."),
        P("Caucasian Knot has reported that Azerbaijan is going to start exploiting the Shah Deniz gas field. Russia offered to purchase from Azerbaijan the entire extracted volume of gas from this field. However, Baku supported the project of the Southern Gas Corridor and signed an agreement on the construction of the TANAP gas pipeline with Ankara. BP announced the start of delivery of Azerbaijani gas to Turkey on 30 June 2018.",
          {"sgc": "primary"}, ["state:Azerbaijan", "state:Russia", "state:Turkey", "company:BP"],
          "'Baku' = Azerbaijan, 'Ankara' = Turkey."),
        P("Azerbaijani gas will reach Europe in 2020, Ilham Shaban, the head of the Caspian Barrel Oil Research Centre, has suggested.",
          {"sgc": "primary"}, ["person:Ilham Shaban (Caspian Barrel)", "org:Caspian Barrel"]),
        P("The \"Hurriyet\" newspaper reports, with reference to Berat Albairak, the Turkish Energy Minister, that this summer Turkey will start deep-sea drilling in the Mediterranean.",
          {}, ["person:Berat Albayrak (Turkey)", "state:Turkey"],
          "Printed 'Albairak'; canonical Berat Albayrak. Hurriyet is media. Mediterranean drilling is not one of our routes."),
        P("As of 20 April, Azerbaijan had invested 78.1% of its participation share in the Southern Gas Corridor project, a total of 11.5 billion US dollars, according to Trend News Agency.",
          {"sgc": "primary"}, ["state:Azerbaijan"], "Trend News Agency is media."),
    ],
))
