"""The speech stage's data: what is said for what is written.

Data only (words, names, symbols, units, abbreviations, and the word lists the
rules and the sentence splitter consult), no behaviour. A rule module reads these;
the order the rules run in is in `order.py`.
"""

from __future__ import annotations


MONTHS = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May",
    "jun": "June", "jul": "July", "aug": "August", "sep": "September",
    "sept": "September", "oct": "October", "nov": "November", "dec": "December",
}
MONTH_NAMES = ("January February March April May June July August September October "
               "November December").split()

MONTH_RE = (r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|"
             r"June?\.?|July?\.?|Aug(?:ust|\.)?|Sep(?:t(?:ember)?)?\.?|Oct(?:ober|\.)?|"
             r"Nov(?:ember|\.)?|Dec(?:ember|\.)?)")

#: Time zones after a time of day.
TIME_ZONES = {
    "ET": "Eastern Time", "EST": "Eastern Standard Time", "EDT": "Eastern Daylight Time",
    "CT": "Central Time", "CST": "Central Standard Time", "CDT": "Central Daylight Time",
    "MT": "Mountain Time", "MST": "Mountain Standard Time", "MDT": "Mountain Daylight Time",
    "PT": "Pacific Time", "PST": "Pacific Standard Time", "PDT": "Pacific Daylight Time",
    "GMT": "G.M.T.", "UTC": "U.T.C.", "BST": "British Summer Time", "CET": "Central European Time",
}

#: unit -> (singular, plural). Only matched right after a number.
UNITS: dict[str, tuple[str, str]] = {
    "oz": ("ounce", "ounces"), "fl oz": ("fluid ounce", "fluid ounces"),
    "lb": ("pound", "pounds"), "lbs": ("pound", "pounds"),
    "tbsp": ("tablespoon", "tablespoons"), "tsp": ("teaspoon", "teaspoons"),
    "Tbsp": ("tablespoon", "tablespoons"), "Tsp": ("teaspoon", "teaspoons"),
    "pts": ("point", "points"),
    "Mbps": ("megabit per second", "megabits per second"),
    "Gbps": ("gigabit per second", "gigabits per second"),
    "kbps": ("kilobit per second", "kilobits per second"),
    "Kbps": ("kilobit per second", "kilobits per second"),
    "mAh": ("milliamp-hour", "milliamp-hours"),
    "g": ("gram", "grams"), "gr": ("gram", "grams"), "kg": ("kilogram", "kilograms"),
    "mg": ("milligram", "milligrams"), "µg": ("microgram", "micrograms"),
    "mcg": ("microgram", "micrograms"), "m²": ("square meter", "square meters"),
    "km²": ("square kilometer", "square kilometers"), "ft²": ("square foot", "square feet"),
    "cm²": ("square centimeter", "square centimeters"), "m³": ("cubic meter", "cubic meters"),
    "ng": ("nanogram", "nanograms"),
    "dL": ("deciliter", "deciliters"), "qt": ("quart", "quarts"),
    "sq ft": ("square foot", "square feet"), "sq. ft.": ("square foot", "square feet"),
    "bpm": ("beat per minute", "beats per minute"), "mpg": ("mile per gallon", "miles per gallon"),
    "mm": ("millimeter", "millimeters"), "cm": ("centimeter", "centimeters"),
    "m": ("meter", "meters"), "km": ("kilometer", "kilometers"),
    "ft": ("foot", "feet"), "mi": ("mile", "miles"), "yd": ("yard", "yards"),
    "ml": ("milliliter", "milliliters"), "mL": ("milliliter", "milliliters"),
    "l": ("liter", "liters"), "L": ("liter", "liters"),
    "mph": ("mile per hour", "miles per hour"), "km/h": ("kilometer per hour",
                                                         "kilometers per hour"),
    "kph": ("kilometer per hour", "kilometers per hour"),
    "ms": ("millisecond", "milliseconds"), "sec": ("second", "seconds"),
    "secs": ("second", "seconds"), "min": ("minute", "minutes"),
    "mins": ("minute", "minutes"), "h": ("hour", "hours"), "hr": ("hour", "hours"),
    "hrs": ("hour", "hours"), "yr": ("year", "years"), "yrs": ("year", "years"),
    "mos": ("month", "months"), "wks": ("week", "weeks"),
    "KB": ("kilobyte", "kilobytes"), "MB": ("megabyte", "megabytes"),
    "KiB": ("kibibyte", "kibibytes"), "MiB": ("mebibyte", "mebibytes"),
    "GiB": ("gibibyte", "gibibytes"), "TiB": ("tebibyte", "tebibytes"),
    "GB": ("gigabyte", "gigabytes"), "TB": ("terabyte", "terabytes"),
    "Hz": ("hertz", "hertz"), "kHz": ("kilohertz", "kilohertz"),
    "MHz": ("megahertz", "megahertz"), "GHz": ("gigahertz", "gigahertz"),
    "kcal": ("kilocalorie", "kilocalories"), "cal": ("calorie", "calories"),
    "kW": ("kilowatt", "kilowatts"), "kWh": ("kilowatt hour", "kilowatt hours"),
    "°F": ("degree Fahrenheit", "degrees Fahrenheit"),
    "°C": ("degree Celsius", "degrees Celsius"), "°": ("degree", "degrees"),
    "x": ("times", "times"),
    # Science and engineering: symbols of two letters or more (a lone "K", "V" or "A"
    # after a number is too often something else).
    "µm": ("micrometer", "micrometers"),
    "μm": ("micrometer", "micrometers"), "μg": ("microgram", "micrograms"),
    "µL": ("microliter", "microliters"), "μL": ("microliter", "microliters"),
    "µs": ("microsecond", "microseconds"), "μs": ("microsecond", "microseconds"),
    "ns": ("nanosecond", "nanoseconds"), "dB": ("decibel", "decibels"),
    "mV": ("millivolt", "millivolts"), "kV": ("kilovolt", "kilovolts"),
    "mA": ("milliamp", "milliamps"), "MW": ("megawatt", "megawatts"),
    "GW": ("gigawatt", "gigawatts"), "MWh": ("megawatt hour", "megawatt hours"),
    "GWh": ("gigawatt hour", "gigawatt hours"), "kPa": ("kilopascal", "kilopascals"),
    "MPa": ("megapascal", "megapascals"), "kDa": ("kilodalton", "kilodaltons"),
    "kJ": ("kilojoule", "kilojoules"), "mol": ("mole", "moles"),
    "mmol": ("millimole", "millimoles"), "ppm": ("part per million", "parts per million"),
    "ppb": ("part per billion", "parts per billion"), "atm": ("atmosphere", "atmospheres"),
    "mSv": ("millisievert", "millisieverts"), "rpm": ("rpm", "rpm"),
    "ha": ("hectare", "hectares"),
    # Not "nm" (nanometers, or nautical miles) nor "fps" (frames, or feet, per second).
}

#: Abbreviations with a period -> expansion. Case-sensitive unless all lowercase.
ABBREVIATIONS: dict[str, str] = {
    "Mr.": "Mister", "Mrs.": "Missus", "Ms.": "Miz", "Mx.": "Mix", "Jr.": "Junior",
    "Sr.": "Senior", "Prof.": "Professor", "Gen.": "General", "Sen.": "Senator",
    "Rep.": "Representative", "Gov.": "Governor", "Capt.": "Captain",
    "Lt.": "Lieutenant", "Sgt.": "Sergeant", "Rev.": "Reverend", "Hon.": "Honorable",
    "Pres.": "President", "Supt.": "Superintendent", "Fr.": "Father",
    "Ave.": "Avenue", "Blvd.": "Boulevard", "Rd.": "Road", "Ln.": "Lane",
    "Mt.": "Mount", "Ft.": "Fort", "Hwy.": "Highway", "Apt.": "Apartment",
    "Inc.": "Incorporated", "Ltd.": "Limited", "Corp.": "Corporation",
    "Co.": "Company", "Bros.": "Brothers", "Dept.": "Department", "Univ.": "University",
    "Mon.": "Monday", "Tue.": "Tuesday", "Tues.": "Tuesday", "Wed.": "Wednesday",
    "Thu.": "Thursday", "Thur.": "Thursday", "Thurs.": "Thursday", "Fri.": "Friday",
    "Sat.": "Saturday", "Sun.": "Sunday",
    "e.g.": "for example", "i.e.": "that is", "etc.": "et cetera", "vs.": "versus",
    "vs": "versus", "cf.": "compare", "viz.": "namely", "a.k.a.": "also known as",
    "aka": "also known as", "approx.": "approximately", "Approx.": "Approximately", "ca.": "circa",
    "esp.": "especially", "incl.": "including", "misc.": "miscellaneous",
    "w/o": "without", "w/": "with", "b/c": "because", "c/o": "care of",
    "n/a": "not applicable", "N/A": "not applicable", "s/he": "she or he",
    "and/or": "and-or", "either/or": "either or", "his/her": "his or her",
    "he/she": "he or she", "him/her": "him or her", "Ph.D.": "P.H.D.", "PhD": "P.H.D.", "Ph.D": "P.H.D.",
    "fig.": "figure", "Fig.": "figure", "vol.": "volume", "Vol.": "volume",
    "ch.": "chapter", "Ch.": "chapter", "pp.": "pages", "est.": "established",
    "Est.": "established", "yr.": "year", "yrs.": "years", "tbsp.": "tablespoon",
    "tsp.": "teaspoon", "tbsp": "tablespoon", "tsp": "teaspoon",
    "ext.": "extension", "Ext.": "extension", "Pkwy.": "Parkway", "Bldg.": "Building",
    "Col.": "Colonel", "Maj.": "Major", "Cpl.": "Corporal", "Pvt.": "Private",
    "Adm.": "Admiral", "Cmdr.": "Commander", "Op.": "Opus", "AC/DC": "A.C.D.C.",
    "Op. cit.": "op cit", "op. cit.": "op cit", "Op. Ed.": "op-ed",
    "Hwy": "Highway", "YoY": "year over year", "QoQ": "quarter over quarter",
    "TL;DR": "T.L.D.R.", "Ctrl": "Control", "Cmd": "Command",
    "bps": "basis points",  # finance ("up 150 bps"); bit rates are written Mbps, kbps
    **{f"{short.capitalize()}.": month for short, month in MONTHS.items() if short != "may"},
}

#: Online shorthand a narrator reads out in full, in capitals or lowercase ("imo").
CHAT_ABBREVIATIONS = {
    "AFAIK": "as far as I know", "BRB": "be right back", "BTW": "by the way",
    "ELI5": "explain like I'm five", "EOD": "end of day", "FTW": "for the win",
    "FWIW": "for what it's worth", "ICYMI": "in case you missed it", "IDK": "I don't know",
    "IIRC": "if I remember correctly", "IMHO": "in my humble opinion", "IMO": "in my opinion",
    "IRL": "in real life", "IYKYK": "if you know, you know", "JK": "just kidding",
    "NGL": "not gonna lie", "NVM": "never mind", "OOO": "out of office",
    "OTOH": "on the other hand", "RTO": "return to office", "SMH": "shaking my head",
    "TBH": "to be honest", "TFW": "that feeling when", "TIL": "today I learned",
    "TTYL": "talk to you later", "WFH": "work from home", "WYD": "what are you doing",
    "YMMV": "your mileage may vary",
}
#: Forms that mean something else: "til" is "until", "ooo" an exclamation, "JK" initials.
NOT_CHAT = frozenset({"til", "ooo", "JK"})
ABBREVIATIONS.update({form: spoken for short, spoken in CHAT_ABBREVIATIONS.items()
                      for form in (short, short.lower()) if form not in NOT_CHAT})
#: Slashed pairs and dotted short forms open sentences too ("And/or not.", "E.g.
#: this."); the rule's matching is case-sensitive, and `_abbreviation` finds these
#: by their lowercase form.
SENTENCE_OPENING_ABBREVIATIONS = frozenset(
    short[0].upper() + short[1:] for short in ABBREVIATIONS
    if ("/" in short or short.endswith(".")) and short.islower() and short[0].isalpha())
#: Weekdays as written in a range ("Mon-Fri"); each has its "Mon." in ABBREVIATIONS.
DAY_RE = r"Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun"

#: Scale letters after a number: "100M users", "~8.3M", "1.4T tokens".
SCALE_LETTERS = {"M": "million", "B": "billion", "T": "trillion"}
#: What "2m" counts in millions ("2m people"); before other words it is meters ("2m walls").
COUNTED = ("people|users|customers|subscribers|views|downloads|followers|visitors|viewers|"
            "listeners|readers|members|fans|votes|voters|residents|jobs|copies|sales|streams|"
            "plays|accounts|devices|cases|deaths|patients|workers|employees|tokens|parameters")
US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
    "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin",
    "WY": "Wyoming", "DC": "D.C.",
}
"""Said in full before a ZIP code ("Springfield, IL 62704"), where the code is said digit by digit."""

BEFORE_AN_AVERAGE = frozenset("hit hits hitting batting batted batter average averaged "
                               "averaging slugging slugged".split())

NUMBERED_PARTS = {"Art": "Article", "Arts": "Articles", "Eq": "Equation", "Eqs": "Equations",
                  "Sec": "Section", "Secs": "Sections", "Para": "Paragraph", "Ep": "Episode",
                  "Eps": "Episodes"}
"""Abbreviated names of numbered parts, said in full before their number."""

FUNCTION_WORDS = frozenset("the a an at in on of our my your its this that with for by to "
                            "from and or".split())

#: Words after a fraction that make it a quantity ("2/5 cup"), not a score ("4/5 stars").
MEASURES = frozenset("""
of cup cups mile miles inch inches second seconds minute minutes hour hours scale pound
pounds ounce ounces teaspoon teaspoons tablespoon tablespoons gallon gallons liter liters
litre litres meter meters metre metres foot feet yard yards acre acres mph dose share
""".split())

#: Words after which "1:100" or "1:10" is a ratio, not a time.
BEFORE_A_RATIO = frozenset("ratio odds scale dilute diluted dilution mix mixed mixing".split())

#: Currency codes after an amount: "25 USD".
CURRENCY_CODES = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}

#: Currencies without a symbol of ours, said after the amount: "$3,000 CAD", "IDR 500,000".
CURRENCY_NAMES = {"CAD": "Canadian dollars", "AUD": "Australian dollars",
                  "NZD": "New Zealand dollars", "HKD": "Hong Kong dollars",
                  "SGD": "Singapore dollars", "MXN": "Mexican pesos", "CHF": "Swiss francs",
                  "SEK": "Swedish kronor", "NOK": "Norwegian kroner", "DKK": "Danish kroner",
                  "IDR": "rupiah", "THB": "baht", "PHP": "pesos", "VND": "dong", "KRW": "won",
                  "CNY": "yuan", "RMB": "yuan", "BRL": "reais", "ZAR": "rand", "NGN": "naira",
                  "KES": "shillings", "TRY": "lira", "PLN": "zloty", "CZK": "koruna"}

#: Words before an amount that make it an adjective when a noun follows ("the €10 note").
DETERMINERS = frozenset({"a", "an", "the", "this", "that", "each", "every"})
#: "401(k)": how the plan numbers are said.
RETIREMENT_PLANS = {"401": "four-oh-one", "403": "four-oh-three", "457": "four fifty seven",
                    "501": "five-oh-one"}
#: "$500/month": the slash before a time unit is "a".
PER_TIME = {"hour": "an hour", "hr": "an hour", "h": "an hour", "day": "a day",
            "week": "a week", "wk": "a week", "month": "a month", "mo": "a month",
            "year": "a year", "yr": "a year", "night": "a night", "person": "a person",
            "head": "a head", "gal": "a gallon", "lb": "a pound", "kg": "a kilo",
            "mi": "a mile", "mile": "a mile", "km": "a kilometer"}
#: Units said only after "per": "4 m/s" is meters per second, "5 s" alone is not seconds.
PER_ONLY_UNITS = {"s": "second", "h": "hour", "min": "minute"}
MIXED_FRACTIONS = {"1/2": "a half", "½": "a half", "1/4": "a quarter", "¼": "a quarter",
                   "3/4": "three quarters", "¾": "three quarters", "1/3": "a third",
                   "⅓": "a third", "2/3": "two thirds", "⅔": "two thirds"}
ROUND_PLURALS = {"100": "hundreds", "1000": "thousands", "10000": "tens of thousands",
                 "100000": "hundreds of thousands"}

#: Video frame rates and resolutions: "24p", "1080p".
VIDEO_RESOLUTIONS = {"24": "twenty four p", "30": "thirty p", "60": "sixty p",
                     "480": "four eighty p", "720": "seven twenty p", "1080": "ten eighty p",
                     "1440": "fourteen forty p", "2160": "twenty one sixty p"}

#: Abbreviations whose meaning depends on the words around them.
#: (abbreviation, expansion before a name, expansion after a name)
AMBIGUOUS_ABBREVIATIONS = {"Dr.": ("Doctor", "Drive"), "St.": ("Saint", "Street")}

#: All-caps words said letter by letter.
INITIALISMS = frozenset("""
UTXO AA AAA ABC AC AD AI AMA API APIs ATM AWS BBC BC BFF BMW CBS CD CDC CEO CFO CIA CMO
CNN COO CPA CPU CRM CSM CSS CSV CT CTO CV DC DIY DJ DM DMV DNA DVD EU EV FAQ FBI FDA FM
FTC FYI GDP GM GOP GPS GPU HBO HIV HQ HR HTML HTTP HTTPS IBM ID IM IOU IP IPO IQ IRS IT
JFK KPI LA LAX LGBT LGBTQ LLC LP MBA MD MIT MLB MP MRI MVP NBA NBC NFL NFT NGO NHS NPR
NY NYC NYU OJ PA PBS PC PDF PE PG PHP PO PR PS PTA PTO QA QR RIP ROI RSS RSVP RV SaaS
SDK SE SEO SF SMS SQL SSD SUV TBD TD TSA TV UCLA UFO UI UK UN UPS URL US USA USB UX VC
VIP VP VPN XL
""".split())

#: All-caps words said as words, and how.
ACRONYM_WORDS: dict[str, str] = {
    "NASA": "Nasa", "NATO": "Nato", "COVID": "covid", "SCUBA": "scuba", "LASER": "laser",
    "RADAR": "radar", "UNESCO": "Unesco", "UNICEF": "Unicef", "NAFTA": "Nafta",
    "OPEC": "Opec", "FIFA": "Fifa", "AIDS": "aids", "GIF": "gif", "JPEG": "jay peg",
    "PIN": "pin", "SIM": "sim", "SWAT": "swat", "FOMO": "foe moe", "YOLO": "yoe loe",
    "POTUS": "potus", "OK": "okay", "ASAP": "A.S.A.P.", "LOL": "L.O.L.", "OMG": "O.M.G.",
    "WIFI": "wifi", "SARS": "sars", "ESPN": "E.S.P.N.", "IKEA": "Ikea", "LEGO": "Lego",
    "ZIP": "zip", "CAPTCHA": "captcha", "GIFs": "gifs", "ET": "Eastern Time",
    "WWII": "World War Two", "WWI": "World War One", "SAT": "S.A.T.", "WHO": "W.H.O.",
    "AM": "A.M.", "NAACP": "N double-A C P", "AIM": "aim", "MCAT": "M-cat", "LSAT": "L-sat",
    "GMAT": "G-mat",
}

#: Short English words that a writer may put in capitals for emphasis.
EMPHASIS_WORDS = frozenset("""
A ALL AM AN AND ANY ARE AS AT BAD BE BEEN BIG BUT BY CAN DID DO DOES DONE FOR GET GO GOT
HAD HAS HATE HE HER HIM HIS HOW I IF IN IS ITS LOVE ME MORE MOST MUST MY NEW NO NOT NOW
OF OFF ON ONE OR OUR OUT OWN REAL SAID SAT SAY SEE SHE SO STOP THE THEM THEN THEY THIS
TO TOO TWO USE VERY WAS WAY WE WERE WHAT WHEN WHY WILL WITH WOW YES YET YOU YOUR HUGE
EVER NEVER ONLY JUST ALSO SURE LIKE WANT NEED HELP GOOD BEST EACH EVEN SOME MANY MUCH
SUCH THAT THAN THERE WHERE HERE FREE OVER DONT CANT WONT ISNT WHO END WORST
ASK ASKED TELL TOLD KNOW THINK FEEL LOOK MAKE TAKE GIVE KEEP LET PUT WAIT WORK LIFE TIME
DAY YEAR LAST FIRST NEXT BACK DOWN AGAIN RIGHT WRONG TRUE HARD EASY FAST SLOW ABOUT AFTER
BEFORE EVERY OTHER SAME COME CAME GONE LEFT ALWAYS ALMOST STILL WELL MAYBE PLEASE THANK
""".split())
#: Initialisms that are also words: read as words when the whole text shouts.
COMMON_INITIALISM_WORDS = frozenset({"US", "IT", "AD", "PC", "UPS"})

#: School subjects that take a course number ("Calc I", "Spanish II").
COURSE_WORDS = ("Calc|Calculus|Precalc|Physics|Chem|Chemistry|Orgo|Bio|Biology|Algebra|"
                "Geometry|Econ|Economics|Stats|Statistics|Anatomy|Physiology|Spanish|French|"
                "German|Italian|Latin|Japanese|Mandarin|Chinese|Korean|Arabic|Russian")

#: A word before a Roman numeral that makes it a plain number ("Part II").
ROMAN_CARDINAL_TRIGGERS = ("Part|Chapter|Book|Volume|Act|Scene|Section|War|Phase|Season|"
                           "Episode|Level|Stage|Round|Title|Article|Bowl|Type|Class|Grade|"
                           "Apollo|Gemini|Mark|Version|Series|Step|Unit|Issue|Canto|"
                           "Psalm|Sonnet|Vatican")
#: A name before a Roman numeral that makes it regnal ("Henry VIII" -> "the eighth").
ROMAN_REGNAL_NAMES = ("Henry|Louis|George|Elizabeth|Edward|Charles|James|William|Richard|"
                      "Paul|Benedict|Pius|Leo|Gregory|Catherine|Mary|Napoleon|Peter|"
                      "Ramesses|Philip|Frederick|Alexander|Nicholas|Innocent|Clement|"
                      "Francis|John|Victoria|Anne|Alfonso|Juan|Carlos|Felipe|Willem|"
                      "Gustav|Olaf|Harald|Haakon|Constantine|Boniface|Urban|Sixtus|Ramses|"
                      "Ptolemy|Amenhotep|Thutmose|Justinian|Ivan|Wilhelm|Ferdinand|Isabella|"
                      "Umberto|Selim|Mehmed|Rama")

#: Names before a number that is an identifier, read in pairs of digits as people
#: say them: "Boeing 747" (seven forty seven), "Econ 101" (one oh one), "Room 1204".
IDENTIFIER_WORDS = ("Boeing|Airbus|Flight|Room|Route|Highway|Interstate|Gate|Suite|Apollo|RTX|GTX|"
                    "Section|Bus|Platform|Terminal|Studio|Econ|Math|Bio|Chem|Psych|Physics|"
                    "Stats|English|History|Course|Model")
#: Books whose "1:1" is chapter and verse ("Genesis one one"), not a ratio or a time.
#: (Books named like people or words, John, Mark, Acts, Numbers, are left out: "James 2:1"
#: is as likely a score.)
BIBLE_BOOKS = ("Genesis|Exodus|Leviticus|Deuteronomy|Chronicles|Nehemiah|Psalms?|Proverbs|"
               "Ecclesiastes|Isaiah|Jeremiah|Lamentations|Ezekiel|Obadiah|Nahum|Habakkuk|"
               "Zephaniah|Haggai|Zechariah|Malachi|Corinthians|Galatians|Ephesians|"
               "Philippians|Colossians|Thessalonians|Philemon|Hebrews|Revelation")
#: Software whose "3.10" is said "three point ten" (and "22.04" "twenty two oh four").
PRODUCT_NAMES = ("Python|Ubuntu|Debian|Fedora|macOS|iOS|iPadOS|Android|Windows|Java|Node|"
                 "Rust|Go|Ruby|PHP|Perl|Kotlin|Swift|Kubernetes|Django|Rails|React|Vue|"
                 "Angular|Chrome|Firefox|Safari|Excel|Photoshop|Blender|Unity|Postgres|"
                 "PostgreSQL|MySQL|GPT|Llama|Gemini|Claude|Mistral|Qt|GNOME|KDE|Xcode|Linux")
#: Words after which "6/12" is a date rather than "six out of twelve".
BEFORE_A_DATE = frozenset("on since by until till from before after".split())
#: Words around "Jan." that make it the month; otherwise it is a name ("my friend Jan.").
BEFORE_A_MONTH = frozenset("""
in on by since until till through of before after between during around
the this that last next each every early mid late
""".split())
#: Words before "14:30:00" that make it a clock time rather than a duration.
BEFORE_A_CLOCK = frozenset("at from until till by around before after since".split())

SPEECH_VERBS = frozenset("said say says saying answered replied just simply".split())

#: Numbers written with a slash that have a spoken form of their own.
SLASH_NUMBERS = {"24/7": "twenty four seven",
                 "9/11": "nine eleven", "20/20": "twenty twenty", "365/24/7": "all year round",
                 "1/2": "one half", "1/3": "one third", "2/3": "two thirds",
                 "1/4": "one quarter", "3/4": "three quarters"}

#: Symbols and their spoken words (spaces around the word are added as needed);
#: "" drops the symbol.
SYMBOLS: dict[str, str] = {
    "&": "and", "+": "plus", "=": "equals", "×": "times", "÷": "divided by",
    "±": "plus or minus", "≈": "about", "~": "about", "<": "less than",
    ">": "more than", "≤": "at most", "≥": "at least", "→": "to", "←": "from",
    "°": "degrees", "©": "copyright", "®": "", "™": "", "§": "section",
    "¶": "paragraph", "†": "", "‡": "", "•": ",", "·": ",", "|": ",", "^": "", "`": "",
    "½": "one half", "⅓": "one third", "⅔": "two thirds", "¼": "one quarter",
    "¾": "three quarters", "\\": " ", "*": "", "_": " ", "#": "number", "@": "at",
    "%": "percent", "$": "dollars", "€": "euros", "£": "pounds", "¥": "yen",
}

#: Characters replaced before anything else.
CHARACTERS: dict[str, str] = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "«": '"', "»": '"', "\u2039": "'", "\u203a": "'",
    "\u2026": "...", "\u2212": "-", "\u2010": "-", "\u2011": "-", "\u2012": "-",
    "\u2013": "–", "\u2014": "—", "\u2015": "—", "\u00a0": " ", "\u2009": " ",
    "\u202f": " ", "\u2007": " ", "\u200b": "", "\u00ad": "", "\u200c": "",
    "\ufeff": "", "\u2060": "",
}

AFTER_A_LENGTH = frozenset("""
across long wide tall high deep thick of in on and or apart away from to by x
""".split())

#: "a ¾" bolt": the fraction as it is said before a noun.
FRACTION_BEFORE_A_NOUN = {"½": "half", "¼": "quarter", "¾": "three-quarter", "⅓": "third",
                           "⅔": "two-thirds"}

#: "Size (mm)": a unit alone in brackets, as table headers name them.
UNITS_IN_BRACKETS = {"%": "percent", "°C": "degrees Celsius", "°F": "degrees Fahrenheit",
                      "USD": "US dollars", "EUR": "euros", "GBP": "pounds",
                      "in": "inches", "ft": "feet"}

#: Nouns a length or weight describes ("the 100 m sprint"), so the unit is singular.
MEASURED_NOUNS = frozenset("""
relay race dash sprint hurdles freestyle backstroke breaststroke butterfly medley swim run
walk hike ride climb radius zone limit buffer gap drop loop course
""".split())

FILE_EXTENSIONS = ("py|js|ts|tsx|jsx|md|txt|toml|json|yaml|yml|ini|cfg|conf|sh|bash|zsh|rb|go|rs|"
                    "java|kt|c|h|cpp|hpp|cs|php|html|css|scss|sql|csv|xml|lock|log|env|bashrc|"
                    "zshrc|profile|gitignore|dockerignore|mp3|wav|pdf|png|jpg|svg|zip|tar|gz")

#: "tickets/week": the slash is "a" or "per".
PER_WORDS = {"day": "a day", "week": "a week", "month": "a month", "year": "a year",
              "hour": "an hour", "minute": "a minute", "person": "per person",
              "head": "per head", "user": "per user", "customer": "per customer",
              "capita": "per capita"}

#: Pairs that make one compound, said as such: "a work/life balance" is a work-life
#: balance, not a work or life balance.
COMPOUND_PAIRS = frozenset({
    ("work", "life"), ("love", "hate"), ("client", "server"), ("input", "output"),
    ("read", "write"), ("on", "off"), ("yes", "no"), ("pass", "fail"), ("true", "false"),
    ("cost", "benefit"), ("risk", "reward"), ("push", "pull"), ("peer", "peer"),
    ("open", "close"), ("start", "stop"), ("buy", "sell"), ("profit", "loss"),
})

#: Pairs that are said with "and", as the fixed phrase: "the pros/cons".
AND_PAIRS = frozenset({
    ("pros", "cons"), ("dos", "don'ts"), ("do's", "don'ts"), ("ups", "downs"),
    ("ins", "outs"), ("likes", "dislikes"), ("strengths", "weaknesses"), ("highs", "lows"),
    ("wins", "losses"), ("rights", "wrongs"),
})

#: Words before a bracketed number that name it, so it is read: "see reference [12]".
CITATION_NAMERS = frozenset("reference references ref refs item step note footnote number no "
                             "see and or option press enter type hit select choose key chapter "
                             "box section page level slot track room button the a".split())

#: First names that take a generational suffix: "Robert Griffin III" is the third.
FIRST_NAMES = frozenset("""
Aaron Adam Albert Alexander Alfred Allen Andrew Anthony Arthur Benjamin Bernard Bill Billy Bob
Bobby Brian Bruce Carl Charles Christopher Clarence Daniel David Dennis Donald Douglas Earl
Edward Eric Ernest Eugene Francis Frank Fred Frederick George Gerald Gregory Harold Harry Henry
Howard Jack Jacob James Jeffrey Jerry Jim Jimmy Joe John Johnny Jonathan Joseph Joshua Kenneth
Kevin Larry Lawrence Leonard Louis Mark Martin Matthew Michael Nathan Nicholas Patrick Paul
Peter Philip Ralph Raymond Richard Robert Roger Ronald Roy Russell Samuel Scott Stephen Steven
Ted Theodore Thomas Timothy Tom Walter Wayne William Willie
""".split())

ORDINAL_WORD = (r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                 r"eleventh|twelfth|[a-z]+teenth|[a-z]+ieth|hundredth|thousandth)")

ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}

TLDS = ("com|org|net|io|co|uk|us|ca|de|fr|dev|app|ai|edu|gov|fm|tv|me|info|blog|xyz|ly|"
         "gg|so|sh|to|nz|au|in|jp")

#: How the letter A is written for espeak-ng before another word; "A" alone is the
#: article to it ("Plan uh is better"), "A-" the letter.
LETTER_A = "A-"

#: "5 p.m. Eastern Time": the time goes on.
ZONE_NAMES = frozenset("Eastern Pacific Central Mountain Atlantic Alaska Hawaii Greenwich "
                        "British".split())

TIME_ZONE_WORDS = ZONE_NAMES | frozenset("Israel India Japan China Korea Australian".split())

#: Words before a letter that make it a label, not a name's initial: "Plan B. We".
LETTER_LABELS = frozenset("""
plan vitamin type exhibit option grade section class group team row room gate appendix part
figure table model apartment unit level block wing phase stage version answer
""".split())

#: Words after which a capital A is the letter: "Plan A", "Type A", "an A on the test".
BEFORE_LETTER_A = LETTER_LABELS | frozenset("""
hepatitis category tier series size box terminal concourse building platform track zone lot
apt suite floor side an the column step point squad division league
""".split())

#: Capitalized words that continue a name after an initialism: "the U.S. Army".
NAME_CONTINUATIONS = frozenset("""
Department Army Navy Air Marine Marines Coast Senate House Congress Government Embassy Postal
Census Supreme Court Courts Treasury Attorney Secretary Forest Geological Patent Capitol
Constitution Bank Dollar Route Highway Interstate Open Finals Championship Championships
Series Cup League Security Council General Assembly Box Code Act Circuit Corporation Company
Inc Ltd District Office Agency Bureau Service Services Mint Mission Ambassador
Standard Daylight Time Summer Street Avenue Road Boulevard Beetle World News Radio Online
Edition Dictionary Part Title Chapter Rule Companies Monday Tuesday Wednesday Thursday Friday
Saturday Sunday
""".split()) | ZONE_NAMES

#: Words ending in a period that do not end a sentence (lowercased, no period).
NON_FINAL = frozenset("""
mr mrs ms mx dr st prof gen sen rep gov capt lt sgt rev hon pres fr mt ft
e.g i.e vs v cf viz approx ca fig vol ch pp p no nos a.k.a incl esp ext bldg
""".split())
#: Abbreviations that come after a word ("5th Ave.", "Acme Inc.", "Elm St."): their
#: period also ends the sentence when a usual sentence starter follows.
CAN_END = frozenset("""
jr sr ave blvd rd hwy pkwy apt est col maj cpl pvt adm cmdr op inc ltd corp co bros dept univ
ph.d misc jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri
sat sun
""".split())
#: Said before a name ("Dr. Smith", "St. Louis") or after one ("Oak Dr.", "Elm St.").
BEFORE_OR_AFTER_NAME = frozenset(("dr", "st"))
#: Words that usually start a sentence, so a dotted initialism before them ends one.
SENTENCE_STARTERS = frozenset("""
The A An I It He She We They You This That These Those There Then But And So If When While
After Before Now My Our Your His Her Their What Why How Who Where In On At As For Its One
Yet Still Also However Instead Meanwhile Later Today Yesterday Tomorrow Most Many Some
Everyone Everybody Everything Nobody Nothing Someone Somebody Something Anyone Anything
Each Every All Both Neither Either None Few Several Another Such Not Never Always Sometimes
Once Since Because Although Though Unless Until Even Only Just Maybe Perhaps Yes Well Oh
Here Which Whatever Thanks Please Soon Finally Next Again Otherwise Indeed Besides
Moreover Therefore Thus Hence Overall Anyway Luckily Sadly Unfortunately Fortunately
Is Was Are Were Do Does Did Can Could Would Should Will Have Has Had May Might Must
It's I'm I've I'd I'll Don't Doesn't Didn't Can't Won't Isn't Wasn't Aren't Weren't Let's
That's There's Here's What's Who's He's She's We're We've We'd They're They've You're You've
""".split())

# ------------------------------------------------------------------ technical prose
#: Operators of inline math (MathML `mo`), as read aloud.
MATH_OPERATORS: dict[str, str] = {
    "=": "equals", "+": "plus", "\u2212": "minus", "-": "minus", "/": "over", "\u00d7": "times",
    "\u22c5": "times", "\u00b7": "times", "*": "times", "\u2248": "approximately equals",
    "\u2264": "less than or equal to", "\u2265": "greater than or equal to", "<": "less than",
    ">": "greater than", "\u2260": "does not equal", "\u2192": "goes to", "\u221e": "infinity",
    "\u2208": "in", "\u223c": "from", "\u00b1": "plus or minus", "\u2207": "nabla",
    "\u2202": "partial", "!": "factorial", "|": "", "\u2032": "prime", "\u2061": "",
    "\u2062": "", ":": "", ";": ",", "\u221d": "is proportional to", "\u2261": "is defined as",
    "\u2254": "is defined as", "\u2223": "given", "\u2225": "", "log": "log",
    "\u2217": "star",
}

#: Accents over a math letter (MathML `mover`): "\hat{y}" is "y hat".
MATH_ACCENTS: dict[str, str] = {
    "^": "hat", "\u005e": "hat", "\u0302": "hat", "\u00af": "bar", "\u0304": "bar",
    "~": "tilde", "\u02dc": "tilde", "\u0303": "tilde", "\u2192": "vector", "\u02d9": "dot",
    "\u0307": "dot", "\u2015": "bar", "\u203e": "bar",
}

#: Operators of code between two operands, longest first where they share a start.
CODE_OPERATORS: dict[str, str] = {
    "===": "strictly equals", "!==": "does not strictly equal", "==": "equals",
    "!=": "does not equal", "<=": "less than or equal to", ">=": "greater than or equal to",
    "&&": "and", "||": "or", "??": ", or else", "+=": "plus equals", "-=": "minus equals",
}

#: An operator named on its own ("use `!==` here").
OPERATOR_NAMES: dict[str, str] = {
    "===": "strict equals", "!==": "strict not equals", "==": "double equals",
    "!=": "not equals", "&&": "and", "||": "or", "=>": "fat arrow",
}

#: Words written as a letter, a count and a letter ("k8s", "i18n"), as said.
NUMERONYMS: dict[str, str] = {
    "k8s": "kubernetes", "K8s": "Kubernetes", "i18n": "internationalization",
    "a11y": "accessibility", "l10n": "localization", "g11n": "globalization",
}

#: Parts of SCREAMING_SNAKE names said as other words.
IDENTIFIER_PARTS: dict[str, str] = {
    "CMDLINE": "command line", "STDIN": "standard in", "STDOUT": "standard out",
    "STDERR": "standard error", "TYPEOF": "type of", "typeof": "type of", "ENV": "env",
}

#: Shouted words written stretched ("NOOOO", "AAAANNNDD"), once their repeated letters
#: are one: read as the word.
SHOUTED_WORDS = frozenset("""
no yes and so oh wow what why ok okay hey help stop go now but or my god
""".split())

#: Emoticons, dropped when they stand alone as a token.
EMOTICONS = (":-)", ":-(", ":-D", ":-P", ":)", ":(", ":D", ":P", ":p", ";)", ";-)", ";P",
             ":/", ":O", ":o", "^_^", "¯\\_(ツ)_/¯")

#: Command words whose short options are read "dash l a" ("ls -la", "kill -9").
COMMANDS_WITH_OPTIONS = frozenset("""
ls rm cp mv kill git commit bash sh zsh grep tar curl wget ssh docker npm pip python node
make chmod chown ps du df head tail find sed awk cat echo sudo apt jekyll go cargo podman
""".split())
