"""The `speech` stage: planned episodes -> a script a voice can read.

Three public pieces:

* `speakable(text, lexicon)` turns one piece of written text into plain words and
  ordinary punctuation (numbers, money, times, dates, units, symbols,
  abbreviations, initialisms, URLs...). The rules are tables, applied in order.
* `split_sentences(text)` splits a paragraph into sentences without being fooled
  by "Dr.", "e.g.", "U.S.", decimals, ellipses or quotes.
* `make_script(episode, intro=..., outro=..., lexicon=...)` builds the `Script`:
  one `Utterance` per sentence (or clause), each with the pause that follows it.

`lint(text, lexicon)` gives the spoken form and the tokens the rules could only
guess at (unknown all-caps words, stray symbols), so a writer can add lexicon
entries.

Spoken text never contains digits or symbol names ("slash", "dot", "colon")
where a person would not say them; initialisms come out as dotted capitals
("H.R."), which every engine reads letter by letter, without the last period
inside a sentence ("H.R Department": espeak-ng would end the sentence there), and
their plurals as "S-E's"; the letter A before a word as "A-" ("Plan A- is"), since
espeak-ng reads a lone "A" as the article. One invisible character may appear: a
zero-width space (U+200B) between a word and an initialism that starts with A
("was A.A."), which espeak-ng would otherwise read as "was a dot A dot".
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

from . import numbers as num
from .lexicon import Lexicon
from .models import Episode, Pause, Script, Utterance

__all__ = ["speakable", "split_sentences", "make_script", "lint", "MAX_UTTERANCE_CHARS"]

#: Longest spoken text handed to a voice in one utterance; longer sentences are
#: split at semicolons, then commas.
MAX_UTTERANCE_CHARS = 400

# =============================================================== tables

MONTHS = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May",
    "jun": "June", "jul": "July", "aug": "August", "sep": "September",
    "sept": "September", "oct": "October", "nov": "November", "dec": "December",
}
MONTH_NAMES = ("January February March April May June July August September October "
               "November December").split()
_MONTH_RE = (r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|"
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
_NOT_CHAT = frozenset({"til", "ooo", "JK"})
ABBREVIATIONS.update({form: spoken for short, spoken in CHAT_ABBREVIATIONS.items()
                      for form in (short, short.lower()) if form not in _NOT_CHAT})
#: Slashed pairs and dotted short forms open sentences too ("And/or not.", "E.g.
#: this."); the rule's matching is case-sensitive, and `_abbreviation` finds these
#: by their lowercase form.
_SENTENCE_OPENING_ABBREVIATIONS = frozenset(
    short[0].upper() + short[1:] for short in ABBREVIATIONS
    if ("/" in short or short.endswith(".")) and short.islower() and short[0].isalpha())
#: Weekdays as written in a range ("Mon-Fri"); each has its "Mon." in ABBREVIATIONS.
_DAY_RE = r"Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun"

#: Scale letters after a number: "100M users", "~8.3M", "1.4T tokens".
SCALE_LETTERS = {"M": "million", "B": "billion", "T": "trillion"}
#: What "2m" counts in millions ("2m people"); before other words it is meters ("2m walls").
_COUNTED = ("people|users|customers|subscribers|views|downloads|followers|visitors|viewers|"
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

_BEFORE_AN_AVERAGE = frozenset("hit hits hitting batting batted batter average averaged "
                               "averaging slugging slugged".split())

NUMBERED_PARTS = {"Art": "Article", "Arts": "Articles", "Eq": "Equation", "Eqs": "Equations",
                  "Sec": "Section", "Secs": "Sections", "Para": "Paragraph", "Ep": "Episode",
                  "Eps": "Episodes"}
"""Abbreviated names of numbered parts, said in full before their number."""

_FUNCTION_WORDS = frozenset("the a an at in on of our my your its this that with for by to "
                            "from and or".split())

#: Words after a fraction that make it a quantity ("2/5 cup"), not a score ("4/5 stars").
_MEASURES = frozenset("""
of cup cups mile miles inch inches second seconds minute minutes hour hours scale pound
pounds ounce ounces teaspoon teaspoons tablespoon tablespoons gallon gallons liter liters
litre litres meter meters metre metres foot feet yard yards acre acres mph dose share
""".split())

#: Words after which "1:100" or "1:10" is a ratio, not a time.
_BEFORE_A_RATIO = frozenset("ratio odds scale dilute diluted dilution mix mixed mixing".split())

#: Currency codes after an amount: "25 USD".
CURRENCY_CODES = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
#: A currency sign the money rules read, from the numbers module's table.
_CURRENCY_SYMBOL = "|".join(re.escape(sign) for sign in sorted(num.CURRENCIES, key=len, reverse=True))
#: Currencies without a symbol of ours, said after the amount: "$3,000 CAD", "IDR 500,000".
CURRENCY_NAMES = {"CAD": "Canadian dollars", "AUD": "Australian dollars",
                  "NZD": "New Zealand dollars", "HKD": "Hong Kong dollars",
                  "SGD": "Singapore dollars", "MXN": "Mexican pesos", "CHF": "Swiss francs",
                  "SEK": "Swedish kronor", "NOK": "Norwegian kroner", "DKK": "Danish kroner",
                  "IDR": "rupiah", "THB": "baht", "PHP": "pesos", "VND": "dong", "KRW": "won",
                  "CNY": "yuan", "RMB": "yuan", "BRL": "reais", "ZAR": "rand", "NGN": "naira",
                  "KES": "shillings", "TRY": "lira", "PLN": "zloty", "CZK": "koruna"}
#: A lowercase noun after "a $5": the amount is an adjective ("a $5 bill").
_NOUN_AFTER = re.compile(r"\s+(?!(?:a|an|and|or|to|in|for|of|per|each|more|less|than|"
                         r"on|at|from|with|is|was|are|were|will|can|you|we|they|i|he|she|it|"
                         r"gets?|buys?|remaining|left|back|total|extra|already|apiece|flat|"
                         r"off|out|up|down|now|then|today|tonight|yesterday|tomorrow|"
                         r"owed|spent|saved|earned|raised|collected|donated|invested|lost|"
                         r"needed|required|paid|won)\b)[a-z]")
#: Words before an amount that make it an adjective when a noun follows ("the €10 note").
_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "each", "every"})
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
AA AAA ABC AC AD AI AMA API APIs ATM AWS BBC BC BFF BMW CBS CD CDC CEO CFO CIA CMO
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
_COMMON_INITIALISM_WORDS = frozenset({"US", "IT", "AD", "PC", "UPS"})

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
                 "PostgreSQL|MySQL|GPT|Llama|Gemini|Claude|Mistral|Qt|GNOME|KDE|Xcode")
#: Words after which "6/12" is a date rather than "six out of twelve".
_BEFORE_A_DATE = frozenset("on since by until till from before after".split())
#: Words around "Jan." that make it the month; otherwise it is a name ("my friend Jan.").
_BEFORE_A_MONTH = frozenset("""
in on by since until till through of before after between during around
the this that last next each every early mid late
""".split())
#: Words before "14:30:00" that make it a clock time rather than a duration.
_BEFORE_A_CLOCK = frozenset("at from until till by around before after since".split())
_SPEECH_VERBS = frozenset("said say says saying answered replied just simply".split())

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

_EMOJI = re.compile(
    "[\U0001F000-\U0001FAFF\U0001F1E6-\U0001F1FF\u2600-\u27BF\u2B00-\u2BFF"
    "\uFE0E\uFE0F\u200D\u20E3\U000E0020-\U000E007F]+")

# =============================================================== machinery

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_PH_OPEN, _PH_CLOSE = "\ue000", "\ue001"
_PLACEHOLDER = re.compile(f"{_PH_OPEN}(.){_PH_CLOSE}")


@dataclass
class _Context:
    """State for one call of the normalizer."""

    lexicon: Lexicon | None
    protected: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def protect(self, spoken: str) -> str:
        """Keep `spoken` away from later rules; restored at the end."""
        self.protected.append(spoken)
        return f"{_PH_OPEN}{chr(0xE100 + len(self.protected) - 1)}{_PH_CLOSE}"

    def restore(self, text: str) -> str:
        while _PLACEHOLDER.search(text):
            text = _PLACEHOLDER.sub(lambda m: self.protected[ord(m.group(1)) - 0xE100], text)
        return text

    def flag(self, token: str) -> None:
        if token not in self.unknown:
            self.unknown.append(token)


Rule = tuple[str, "re.Pattern[str]", Callable[[re.Match[str], _Context], str]]


def _at_end(match: re.Match[str]) -> bool:
    """True when only closing punctuation and spaces follow the match."""
    return not re.search(r"[\w\ue000]", match.string[match.end():])


def _keep_final_period(match: re.Match[str], spoken: str) -> str:
    """An abbreviation's period that also ends the sentence must stay."""
    if match.group(0).endswith(".") and _at_end(match):
        return spoken + "."
    return spoken


def _is_one(number: str) -> bool:
    return abs(float(number.replace(",", ""))) == 1  # "1", "01", "1.0", "-1"


def _unit_names(unit: str) -> tuple[str, str]:
    """A unit's singular and plural as said ("km" -> kilometer, kilometers); "KM" too."""
    return UNITS.get(unit) or UNITS[unit.lower()]


def _count_of(number: str, unit: str) -> str:
    """"1" "h" -> "one hour", "05" "min" -> "five minutes", "2.5" "kg" -> "two point
    five kilograms"."""
    singular, plural = _unit_names(unit)
    return f"{num.cardinal(number)} {singular if _is_one(number) else plural}"


# ---------------------------------------------------------------- handlers

#: The path of a folder URL short enough to say: "https://me.github.io/podcast/".
_SAYABLE_FOLDER = re.compile(r"(?:/[A-Za-z][\w-]{0,29}){1,2}/")


def _url(m: re.Match[str], ctx: _Context) -> str:
    """The domain, which a listener can use; a short folder after it is said too
    (a show's own address is often a folder on a shared host)."""
    text = m.group(0)
    rest = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text, flags=re.I)
    host, path = re.match(r"([^/?#:]*)(.*)", rest).groups()
    host = re.sub(r"^www\d?\.", "", host, flags=re.I)
    labels = [label for label in host.split(".") if label]
    if not labels:
        return ctx.protect("link")
    spoken = " dot ".join(_say_label(label) for label in labels)
    if _SAYABLE_FOLDER.fullmatch(path):
        spoken += "".join(f" slash {_say_label(part)}" for part in path.strip("/").split("/"))
    return ctx.protect(spoken)


def _say_label(label: str) -> str:
    label = label.replace("-", " ")
    return re.sub(r"\d+", lambda d: " " + num.digits(d.group(0)) + " "
                  if len(d.group(0)) > 2 else " " + num.cardinal(d.group(0)) + " ", label).strip()


def _email(m: re.Match[str], ctx: _Context) -> str:
    user, _, domain = m.group(0).partition("@")
    user_words = " dot ".join(_say_label(part) for part in user.split(".") if part)
    domain_words = " dot ".join(_say_label(part) for part in domain.split(".") if part)
    return ctx.protect(f"{user_words} at {domain_words}")


def _emphasis(m: re.Match[str], ctx: _Context) -> str:
    inner = m.group(2)
    return inner.lower() if inner.isupper() and len(inner) > 1 else inner


def _phone(m: re.Match[str], ctx: _Context) -> str:
    groups = [g for g in re.findall(r"\d+", m.group(0))]
    spoken = ", ".join(num.digits(g) for g in groups)
    if m.group(0).startswith("+"):
        spoken = "plus " + spoken
    return spoken


_PHONE_WORDS = re.compile(r"\b(?:call|calls|called|calling|phone|dial|text|tel|fax|"
                          r"number|at|on)\W*$", re.I)


def _local_phone(m: re.Match[str], ctx: _Context) -> str:
    """"555-0123" (no range ends in a leading zero) or "call 555-1234"; otherwise a
    range: "476-1453", "150-1999 words"."""
    first, second = m.group(0).split("-")
    if second.startswith("0") or _PHONE_WORDS.search(m.string[:m.start()]):
        return _phone(m, ctx)
    return f"{num.cardinal(first)} to {num.cardinal(second)}"


def _iso_date(m: re.Match[str], ctx: _Context) -> str:
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return m.group(0)
    return f"{MONTH_NAMES[mo - 1]} {num.ordinal(d)}, {num.year(y)}"


def _full_year(year: str) -> int:
    """'99' -> 1999, '08' -> 2008, '1985' -> 1985."""
    value = int(year)
    if len(year) == 2:
        value += 2000 if value < 50 else 1900
    return value


def _us_date(m: re.Match[str], ctx: _Context) -> str:
    mo, d, y = int(m.group(1)), int(m.group(2)), m.group(3)
    if mo > 12 >= d:  # "31/12/1999": written day first
        return _day_first_date(m.group(1), m.group(2), y) or m.group(0)
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return m.group(0)
    return f"{MONTH_NAMES[mo - 1]} {num.ordinal(d)}, {num.year(_full_year(y))}"


def _day_first_date(day: str, month: str, year: str) -> str | None:
    d, mo = int(day), int(month)
    if not (1 <= d <= 31 and 1 <= mo <= 12):
        return None
    return f"the {num.ordinal(d)} of {MONTH_NAMES[mo - 1]}, {num.year(_full_year(year))}"


def _ampm(raw: str | None) -> str:
    if not raw:
        return ""
    return " a.m." if raw.lower().startswith("a") else " p.m."


def _zone(m: re.Match[str]) -> str:
    zone = m.groupdict().get("zone")
    return f" {TIME_ZONES[zone]}" if zone else ""


def _time(m: re.Match[str], ctx: _Context) -> str:
    hour, minute = int(m.group("h")), int(m.group("m"))
    if minute > 59:
        return m.group(0)
    ampm = _ampm(m.group("ampm"))
    if hour > 24 and not ampm and not m.group("s") and not m.group("zone"):
        return ctx.protect(_duration(0, hour, minute))  # "52:30" for a 10K
    if hour > 24:
        return m.group(0)
    # "at 14:30:00" is a clock; "stands at 2:03:36" and "in 4:12:30" are race times.
    clock = _word_before(m) in _BEFORE_A_CLOCK and not m.group("h").startswith("0") and \
        (len(m.group("h")) == 2 or m.group("s") == "00")  # "at 00:12:34" is a video's timestamp
    if m.group("s") and not ampm and not m.group("zone") and not clock:
        return ctx.protect(_duration(hour, minute, int(m.group("s"))))
    spoken = num.clock(hour, minute)
    if ampm and minute == 0:
        spoken = num.cardinal(hour)
    if m.group("s") and int(m.group("s")):  # "around 10:15:30": the seconds are said too
        spoken += f" and {_count_of(m.group('s'), 'sec')}"
    spoken += ampm + _zone(m)
    return ctx.protect(spoken)


def _ratio(m: re.Match[str], ctx: _Context) -> str:
    after = m.string[m.end():]
    if m.group(0) == "1:1" and not re.match(r"\s+(?:ratio|scale|copy|mapping|match)\b", after) \
            and (_word_before(m) in ("a", "my", "our", "weekly", "your")
                 or re.match(r"\s+(?:with|at|on|today|tomorrow|meetings?|calls?)\b", after)):
        return "one-on-one"  # "a 1:1 with my manager", "1:1 at 10:30"
    return f"{num.cardinal(m.group(1) or m.group(3))} to {num.cardinal(m.group(2) or m.group(4))}"


_OPENING_QUOTE = re.compile(r'(?:^|(?<=[\s(\[]))"(?=\S)')
_AFTER_A_LENGTH = frozenset("""
across long wide tall high deep thick of in on and or apart away from to by x
""".split())


def _closes_quotation(m: re.Match[str]) -> bool:
    """Whether the quote mark that ends `m` closes a quotation rather than marking inches."""
    before = m.string[:m.start()]
    if m.group(0)[-1] == "”":
        return before.count("“") > before.count("”")
    # a straight quote opens after a space or bracket, and closes after anything else
    opening = sum(q.start() < m.start() for q in _OPENING_QUOTE.finditer(m.string))
    return opening > before.count('"') - opening


def _before_a_noun(m: re.Match[str]) -> bool:
    """'a 10" skillet': the length describes the next word (ten-inch), as opposed to
    '3" across' (three inches)."""
    following = re.match(r"\s+([a-z]+)", m.string[m.end():])
    return bool(following) and following.group(1) not in _AFTER_A_LENGTH


def _inches(m: re.Match[str], ctx: _Context) -> str:
    """'a 10" skillet' (ten-inch), '3" across' (three inches); a quote that closes
    a quotation is left alone ('he said "give me 10"')."""
    if _closes_quotation(m):
        return m.group(0)
    if _before_a_noun(m):
        return f"{num.cardinal(m.group(1))}-inch"
    return f"{num.cardinal(m.group(1))} {'inch' if _is_one(m.group(1)) else 'inches'}"


#: "a ¾" bolt": the fraction as it is said before a noun.
_FRACTION_BEFORE_A_NOUN = {"½": "half", "¼": "quarter", "¾": "three-quarter", "⅓": "third",
                           "⅔": "two-thirds"}


def _fraction_inches(m: re.Match[str], ctx: _Context) -> str:
    """'¾" thick' (three quarters of an inch), 'a ¾" board' (three-quarter-inch),
    '1½" pipe' (one and a half inch)."""
    if _closes_quotation(m):
        return m.group(0)
    whole, fraction = m.group(1), m.group(2)
    if whole:
        spoken = f"{num.cardinal(whole)} and {MIXED_FRACTIONS[fraction]}"
        return f"{spoken} inch" if _before_a_noun(m) else f"{spoken} inches"
    if _before_a_noun(m):
        return f"{_FRACTION_BEFORE_A_NOUN[fraction]}-inch"
    return f"{MIXED_FRACTIONS[fraction]} of an inch"


#: "Size (mm)": a unit alone in brackets, as table headers name them.
_UNITS_IN_BRACKETS = {"%": "percent", "°C": "degrees Celsius", "°F": "degrees Fahrenheit",
                      "USD": "US dollars", "EUR": "euros", "GBP": "pounds",
                      "in": "inches", "ft": "feet"}


def _unit_in_brackets(m: re.Match[str], ctx: _Context) -> str:
    unit = m.group(1)
    return f"(in {_UNITS_IN_BRACKETS.get(unit) or UNITS[unit][1]})"


def _blood_pressure(m: re.Match[str], ctx: _Context) -> str:
    """"blood pressure was 140/90": one forty over ninety."""
    return f"{m.group(1)}{num.in_pairs(m.group(2))} over {num.cardinal(m.group(3))}"


def _page_born_circa(m: re.Match[str], ctx: _Context) -> str:
    """"see p. 42", "(b. 1756)", "from c. 1600"; not list letters ("or c. 500 dollars")."""
    letter, before = m.group(1), _word_before(m)
    opened = m.string[:m.start()].rstrip().endswith("(")
    year = re.match(r"(?:1[0-9]|20)\d\d\b", m.string[m.end():]) is not None
    if letter == "p" and (before in ("see", "on", "at", "cf", "from", "to", "and", "in", "of",
                                     "also", "read") or opened):
        return "page "
    if letter == "b" and opened and year:
        return "born "
    if letter == "c" and year and (opened or before in ("from", "in", "around", "dated", "dates",
                                                        "built", "written", "made", "born",
                                                        "died")):
        return "circa "
    return m.group(0)


def _duration(hours: int, minutes: int, seconds: int) -> str:
    """4:12:30, a race or a recording: "four hours, twelve minutes and thirty seconds"."""
    parts = [_count_of(str(n), unit) for n, unit in
             ((hours, "h"), (minutes, "min"), (seconds, "sec")) if n]
    if not parts:
        return "zero seconds"
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]


def _hour_ampm(m: re.Match[str], ctx: _Context) -> str:
    return ctx.protect(num.cardinal(m.group("h")) + _ampm(m.group("ampm")) + _zone(m))


def _money(m: re.Match[str], ctx: _Context) -> str:
    symbol, amount, scale = m.group("sym"), m.group("amt"), m.group("scale")
    spoken = num.money(symbol, amount, scale)
    if m.group("minus"):  # "from -$42k to +$15k": a loss
        return f"minus {spoken}"
    return _as_attribute(m, symbol, amount, spoken)


def _as_attribute(m: re.Match[str], symbol: str, amount: str, spoken: str) -> str:
    """An amount before the noun it describes has a singular currency: "a $5 bill",
    "the €10 note", "a 40 EUR fee" (not "a five dollars bill")."""
    one, many = num.CURRENCIES[symbol][:2]
    if _word_before(m) in _DETERMINERS and "." not in amount and spoken.endswith(f" {many}") \
            and _NOUN_AFTER.match(m.string, m.end()):
        return spoken.removesuffix(many) + one
    return spoken


def _currency_code(m: re.Match[str], ctx: _Context) -> str:
    """"40 EUR", "a 40 EUR fee"; "EUR pallets" are the standard's name, not money."""
    symbol, amount = CURRENCY_CODES[m.group("code")], m.group("amt")
    if m.group("code") == "EUR" and re.match(r"\s+pallets?\b", m.string[m.end():]):
        return f"{num.cardinal(amount)} euro"
    return _as_attribute(m, symbol, amount, num.money(symbol, amount))


def _money_range(m: re.Match[str], ctx: _Context) -> str:
    symbol, scale, low = m.group("sym"), m.group("scale"), m.group("lo")
    if "." in low and not scale:  # "$2.15-$2.25": both amounts with their cents
        return f"{num.money(symbol, low)} to {num.money(symbol, m.group('hi'))}"
    return f"{num.cardinal(low)} to {num.money(symbol, m.group('hi'), scale)}"


def _percent(m: re.Match[str], ctx: _Context) -> str:
    if m.group("minus"):  # "-0.3%": a fall, not a range or a hyphen
        return f"minus {num.cardinal(m.group('hi'))} percent"
    lo, hi = m.group("lo"), m.group("hi2")
    if lo:
        return f"{num.cardinal(lo)} to {num.cardinal(hi)} percent"
    return f"{num.cardinal(hi)} percent"


def _version(m: re.Match[str], ctx: _Context) -> str:
    parts = m.group("ver").split(".")
    spoken = " point ".join(num.cardinal(p) for p in parts)
    return ("version " if m.group("v") else "") + spoken


def _month_day(m: re.Match[str], ctx: _Context) -> str:
    month = MONTHS[m.group("mon").rstrip(".").lower()[:4].rstrip("t") if
                   m.group("mon").lower().startswith("sept") else
                   m.group("mon").rstrip(".").lower()[:3]]
    day = int(m.group("day"))
    if not 1 <= day <= 31:
        return m.group(0)
    spoken = f"{month} {num.ordinal(day)}"
    if m.group("year"):
        spoken += f", {num.year(m.group('year'))}"
    return spoken


def _month_year(m: re.Match[str], ctx: _Context) -> str:
    month = MONTHS[m.group("mon").rstrip(".").lower()[:3]]
    return f"{month} {num.year(m.group('year'))}"


def _day_month(m: re.Match[str], ctx: _Context) -> str:
    month = MONTHS[m.group("mon").rstrip(".").lower()[:3]]
    spoken = f"the {num.ordinal(m.group('day'))} of {month}"
    if m.group("year"):
        spoken += f", {num.year(m.group('year'))}"
    return _keep_final_period(m, spoken)


def _year_range(m: re.Match[str], ctx: _Context) -> str:
    first, second = m.group(1), m.group(2)
    if len(second) == 2:
        second = first[:2] + second
    if int(second) <= int(first):
        return m.group(0)
    return f"{num.year(first)} to {num.year(second)}"


def _unit(m: re.Match[str], ctx: _Context) -> str:
    unit = m.group("unit")
    singular, plural = _unit_names(unit)
    number = m.group("n")
    if m.group("hyphen"):
        return f"{num.cardinal(number)}-{singular}"
    if m.group("n2"):
        return f"{num.cardinal(number)} to {num.cardinal(m.group('n2'))} {plural}"
    if unit == "x":
        return f"{num.cardinal(number)} times"
    if _describes_a_noun(m):
        return f"{num.cardinal(number)} {singular}"
    return _count_of(number, unit)


def _dimensions(m: re.Match[str], ctx: _Context) -> str:
    """'4x6 ft' (four by six feet), 'a 4x6 ft rug' (six foot), 'the 4x100 m relay'."""
    unit = m.group("unit")
    if not unit:
        return f"{num.cardinal(m.group(1))} by {num.cardinal(m.group(2))}{m.group(3)}"
    if _describes_a_noun(m):
        singular = _unit_names(unit)[0]
        return f"{num.cardinal(m.group(1))} by {num.cardinal(m.group(2))} {singular}"
    return f"{num.cardinal(m.group(1))} by {_count_of(m.group(2), unit)}"


def _describes_a_noun(m: re.Match[str]) -> bool:
    """A measure said before a noun, so its unit is singular: after "a" ("a 15.2 oz
    bottle") or before a noun a length describes ("the 4x100 m relay")."""
    if re.search(r"\b[Aa]n?\s+$", m.string[:m.start()]):
        return True
    following = re.match(r"\s+([a-z]+)", m.string[m.end():])
    return bool(following) and following.group(1) in _MEASURED_NOUNS


#: Nouns a length or weight describes ("the 100 m sprint"), so the unit is singular.
_MEASURED_NOUNS = frozenset("""
relay race dash sprint hurdles freestyle backstroke breaststroke butterfly medley swim run
walk hike ride climb radius zone limit buffer gap drop loop course
""".split())


def _range(m: re.Match[str], ctx: _Context) -> str:
    if m.group(1) == m.group(2) == "50":
        return "fifty-fifty"  # "a 50-50 chance"
    return f"{num.cardinal(m.group(1))} to {num.cardinal(m.group(2))}"


def _decade(m: re.Match[str], ctx: _Context) -> str:
    digits_ = m.group(1)
    return num.decade(digits_)


def _dotted_date(m: re.Match[str], ctx: _Context) -> str:
    """"25.12.1985" or "12.05.1985": day first, as dots are written in Europe, unless
    only the other order makes a date."""
    a, b, year = m.group(1), m.group(2), m.group(3)
    if int(b) > 12 >= int(a):
        a, b = b, a
    return _day_first_date(a, b, year) or m.group(0)


def _word_before(m: re.Match[str], group: int | str = 0) -> str:
    """The word just before the match (or a group of it), lower case; "" at the start."""
    found = re.search(r"([\w.]+)\W*$", m.string[:m.start(group)])
    return found.group(1).lower().rstrip(".") if found else ""


#: An item of a list written inline ("My top three: 1. SZA; 2. boygenius"), when another
#: item comes before or after it ("The score was 2: 1." is no list).
_LIST_NUMBER = r"(?:[1-9]|1\d)"
_INLINE_LIST_ITEM = re.compile(rf"(?<=[:;,] )(?P<n>{_LIST_NUMBER})\.")
_INLINE_LIST_NUMBER_ENDS = re.compile(rf"[:;,] {_LIST_NUMBER}$")
_INLINE_LIST_ANY = re.compile(rf"[:;,] {_LIST_NUMBER}\.\s")


def _inline_list_item(before: str, after: str) -> bool:
    """Whether the number ending `before` (its period next) is an inline list's item."""
    m = _INLINE_LIST_NUMBER_ENDS.search(before)
    return bool(m) and bool(_INLINE_LIST_ANY.search(after) or
                            _INLINE_LIST_ANY.search(before[:m.start() + 1]))


#: The number of a numbered heading ("II. Window"), up to XIX.
_ROMAN_HEADING_NUMBER = re.compile(r"X?(?:I{1,3}|IV|VI{0,3}|IX)|X")


def _counted_off(m: re.Match[str], ctx: _Context) -> str:
    """"5-4-3-2-1" and "1-2-3" are counted ("five, four, ..."); "4-4-2" is a formation."""
    values = [int(part) for part in m.group(0).split("-")]
    steps = {b - a for a, b in zip(values, values[1:])}
    words = [num.cardinal(value) for value in values]
    return ", ".join(words) if steps in ({1}, {-1}) else "-".join(words)


_HALF = r"\d+(?:\.5)?"


def _rooms(m: re.Match[str], ctx: _Context) -> str:
    """"a 1BR", "2BR/1BA", "3bd/2.5ba": a listing's bedrooms and baths."""
    def count(n: str) -> str:
        return num.cardinal(n[:-2]) + "-and-a-half" if n.endswith(".5") else num.cardinal(n)
    spoken = f"{count(m.group('beds'))}-bedroom"
    if m.group("baths"):
        spoken += f", {count(m.group('baths'))}-bath"
    return spoken


def _identifier(m: re.Match[str], ctx: _Context) -> str:
    return f"{m.group('word')} {num.in_pairs(m.group('n'))}"


def _product_version(m: re.Match[str], ctx: _Context) -> str:
    """"Python 3.10": three point ten, as the version is said, not "three point one zero"."""
    minor = m.group("b")
    if minor.startswith("0"):  # "Ubuntu 22.04": twenty two oh four
        return f"{m.group('name')} {num.cardinal(m.group('a'))} oh {num.cardinal(minor[1])}"
    return f"{m.group('name')} {num.cardinal(m.group('a'))} point {num.cardinal(minor)}"


def _scientific(m: re.Match[str], ctx: _Context) -> str:
    exponent = int(m.group(2))
    power = ("minus " if exponent < 0 else "") + num.ordinal(abs(exponent))
    return f"{num.cardinal(m.group(1))} times ten to the {power}"


_FILE_EXTENSIONS = ("py|js|ts|tsx|jsx|md|txt|toml|json|yaml|yml|ini|cfg|conf|sh|bash|zsh|rb|go|rs|"
                    "java|kt|c|h|cpp|hpp|cs|php|html|css|scss|sql|csv|xml|lock|log|env|bashrc|"
                    "zshrc|profile|gitignore|dockerignore|mp3|wav|pdf|png|jpg|svg|zip|tar|gz")


def _path(m: re.Match[str], ctx: _Context) -> str:
    path = m.group(0)
    if "/" not in path:
        return path  # "main.py": espeak-ng says "main dot py" itself
    said = path.replace("~", " tilde ").replace("/", " slash ").replace(".", " dot ")
    return ctx.protect(re.sub(r"\s+", " ", said).strip())


_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def _power_of_ten(m: re.Match[str], ctx: _Context) -> str:
    exponent = int((m.group(2) or m.group(3).translate(_SUPERSCRIPT_DIGITS)).replace("−", "-"))
    power = ("minus " if exponent < 0 else "") + num.ordinal(abs(exponent))
    said = {2: "ten squared", 3: "ten cubed"}.get(exponent, f"ten to the {power}")
    return f"{num.cardinal(m.group(1))} times {said}" if m.group(1) else said


_TEMPERATURE_CUE = re.compile(r"(?i)\b(?:preheat\w*|oven|bake|baked|baking|roast\w*|temperatures?|"
                              r"temps?|degrees|weather|heatwave|heat wave|freez\w+|thermostat|"
                              r"forecast|fever|boil\w*|simmer\w*|celsius|fahrenheit|highs?|lows?)\b")


def _temperature_letter(m: re.Match[str], ctx: _Context) -> str:
    if not _TEMPERATURE_CUE.search(m.string):
        return m.group(0)
    return f"{m.group(1)} degrees {'Celsius' if m.group(2) == 'C' else 'Fahrenheit'}"


def _hours_24(m: re.Match[str], ctx: _Context) -> str:
    """"at 0930": oh nine thirty; 0705 oh seven oh five, 0800 oh eight hundred, 0030 zero
    thirty."""
    hour, minutes = m.group(1), m.group(2)
    said = "zero" if hour == "0" else f"oh {num.cardinal(hour)}"
    if minutes == "00":
        return f"{said} hundred"
    return f"{said} {'oh ' if minutes[0] == '0' else ''}{num.cardinal(int(minutes))}"


def _state_after_place(m: re.Match[str], ctx: _Context) -> str:
    if re.search(r"(?:^|[\s(])[A-Z][a-z]+(?:\s[A-Z][a-z]+)*,\s$", m.string[:m.start()]):
        return US_STATES[m.group("state")]
    return m.group(0)


def _grade_minus(m: re.Match[str], ctx: _Context) -> str:
    """"got an A-", "a C- average", "from A- to C-"; "her B- blood type" is B negative.
    "A-minus" with its hyphen: alone, espeak-ng reads "A minus" as "uh minus"."""
    letter, before = m.group(1), _word_before(m)
    if re.match(r"\s+blood\b", m.string[m.end():]) or before == "type":
        return f"{letter} negative"
    if before in ("a", "an", "got", "get", "gets", "earned", "received", "straight", "solid",
                  "his", "her", "my", "their", "grade", "mark", "from", "to", "one", "the", "and",
                  "or", "than"):
        return f"{letter}-minus"
    return m.group(0)


def _ordinal(m: re.Match[str], ctx: _Context) -> str:
    return num.ordinal(m.group(1))


#: Words after which "3/6" is a score ("three out of six"), not a fraction or a date:
#: "Wordle 3/6", "Wordle 412 3/6", "went 2/3 from the line".
_BEFORE_A_SCORE = re.compile(r"(?i)\b(?:wordle(?: #?[\d,]+)?|scored|score of|went|shot|shooting)\s*$")


def _slash_number(m: re.Match[str], ctx: _Context) -> str:
    text = m.group(0)
    score = re.fullmatch(r"(\d+)/(\d+)", text)
    if score and int(score.group(1)) <= int(score.group(2)) \
            and _BEFORE_A_SCORE.search(m.string[:m.start()]):  # not "we shot 24/7"
        return f"{num.cardinal(score.group(1))} out of {num.cardinal(score.group(2))}"
    if text in SLASH_NUMBERS:
        return SLASH_NUMBERS[text]
    if text.count("/") == 2:  # "45/45/2020": no date either way
        return " ".join(num.cardinal(part) for part in text.split("/"))
    month_day = re.fullmatch(r"(\d{1,2})/(\d{1,2})", text)
    if month_day and _word_before(m) in _BEFORE_A_DATE and 1 <= int(month_day.group(1)) <= 12 \
            and 1 <= int(month_day.group(2)) <= 31 \
            and not re.match(r"\s+(?:of\b|[a-z]+s\b)", m.string[m.end():]):  # "met on 6/12"
        return f"{MONTH_NAMES[int(month_day.group(1)) - 1]} {num.ordinal(month_day.group(2))}"
    if "." in text:  # "4.8/5 stars"
        top_text, bottom_text = text.split("/")
        return f"{num.cardinal(top_text)} out of {num.cardinal(bottom_text)}"
    top, bottom = (int(x) for x in text.split("/"))
    if top + bottom == 100 and top % 5 == 0 and top and bottom:  # "a 60/40 split"
        return f"{num.cardinal(top)}-{num.cardinal(bottom)}"
    after = re.match(r"\s*-?([A-Za-z]+)", m.string[m.end():])
    if bottom in (5, 10) and 0 < top and not (
            after and (after.group(1) in UNITS or after.group(1).lower() in _MEASURES)):
        return f"{num.cardinal(top)} out of {num.cardinal(bottom)}"  # "8/10 on the quiz"
    if 0 < top < bottom <= 10:
        denominator = "half" if bottom == 2 else "quarter" if bottom == 4 else \
            num.ordinal(bottom)
        if top != 1:
            denominator = "halves" if bottom == 2 else num.plural_of_number_word(denominator)
        return f"{num.cardinal(top)} {denominator}"
    return f"{num.cardinal(top)} out of {num.cardinal(bottom)}"


def _number_sign(m: re.Match[str], ctx: _Context) -> str:
    if m.group(0).startswith("no.") and _word_before(m) in _SPEECH_VERBS:
        return f"no. {m.group(1)}"  # "she said no. 2 weeks later"
    letter = f" {m.group(2)}" if m.group(2) else ""  # "#12B": a room, a flat
    return f"number {num.cardinal(m.group(1))}{letter}"


def _mixed_token(m: re.Match[str], ctx: _Context) -> str:
    """Letters and digits run together ("H2SO4", "mp3", "web3", "i18n", "abc123"):
    each run said apart, so the digits do not fuse with the letters into a word."""
    words = []
    for part in re.findall(r"[A-Za-z]+|\d+", m.group(0)):
        if part.isdigit():
            words.append(num.cardinal(part) if len(part) <= 2 else
                         num.in_pairs(part) if len(part) <= 4 else num.digits(part))
        elif len(part) >= 3 and re.search(r"[aeiouy]", part, re.I) and (
                re.fullmatch(r"[A-Za-z][a-z]+(?:[A-Z][a-z]+)*", part)
                or (part[0].islower() and part[1:].istitle())):
            words.append(part)  # a word: "web3", "iPhone15", "PlayStation5", "WiFi6"
        elif len(part) >= 3 and part.isupper():
            words.append(part)  # "COVID19", "NASA2": the capitals rule reads them
        else:
            words.append(" ".join(part))  # letters: "mp3", "IPv6", "H2SO4"
    return " ".join(words)


def _zip_code(m: re.Match[str], ctx: _Context) -> str:
    state = US_STATES[m.group("state")]
    code = num.digits(m.group("zip")) + (f", {num.digits(m.group('plus4'))}"
                                         if m.group("plus4") else "")
    return ctx.protect(f"{state}{m.group('comma') or ''} {code}")


#: The end of a street and house number, before a comma: "12 rue Vivienne, ",
#: "221B Baker Street, ", "Hauptstr. 5, ".
_AFTER_A_STREET = re.compile(r"(?:\b\d+[A-Za-z]?\s+(?:\w+\s+){0,3}[A-Z]\w*"
                             r"|\b[A-Z]\w*\.?\s+\d+[A-Za-z]?),\s*$")


def _postcode(m: re.Match[str], ctx: _Context) -> str:
    """"12 rue Vivienne, Paris 75002" or "Hauptstr. 5, 10115 Berlin": a five-digit code
    beside the town after a street with its house number is said digit by digit."""
    if not _AFTER_A_STREET.search(m.string, 0, m.start()):
        return m.group(0)
    if m.group("town"):
        return ctx.protect(f"{m.group('town')} {num.digits(m.group('code'))}")
    return ctx.protect(f"{num.digits(m.group('code2'))} {m.group('town2')}")


def _utc_offset(m: re.Match[str], ctx: _Context) -> str:
    sign = "minus" if m.group("sign") == "-" else "plus"
    minutes = m.group("m")
    spoken = f"{_letters(m.group('zone'))} {sign} {num.cardinal(m.group('h'))}"
    if minutes and int(minutes):
        spoken += f" {num.cardinal(minutes)}"
    return ctx.protect(spoken)


def _ratio_in_context(m: re.Match[str], ctx: _Context) -> str:
    """"dilute 1:100", "a 1:10 dilution": a ratio, where the same digits are otherwise a time."""
    after = re.match(r"\s+(\w+)", m.string[m.end():])
    before = re.search(r"([A-Za-z]+)\s+$", m.string[:m.start()])
    if len(m.group(2)) >= 3 and before and before.group(1)[0].isupper() \
            and before.group(1).lower() not in _BEFORE_A_RATIO | _FUNCTION_WORDS:
        # "Psalm 119:105", "Nature 521:436": chapter and verse, volume and page
        return ctx.protect(" ".join(num.in_pairs(n) if len(n) > 2 else num.cardinal(n)
                                    for n in m.groups()))
    if len(m.group(2)) >= 3 or _word_before(m) in _BEFORE_A_RATIO or \
            (after and after.group(1).lower() in _BEFORE_A_RATIO):
        return ctx.protect(f"{num.cardinal(m.group(1))} to {num.cardinal(m.group(2))}")
    return m.group(0)


def _batting_average(m: re.Match[str], ctx: _Context) -> str:
    """"hit .312": three twelve, as baseball says it."""
    if _word_before(m) not in _BEFORE_AN_AVERAGE:
        return m.group(0)
    digits = m.group(1)
    return ctx.protect(f"oh {num.cardinal(digits[1:])}" if digits.startswith("0")
                       else num.in_pairs(digits))


def _letters_digits(m: re.Match[str], ctx: _Context) -> str:
    return f"{m.group(1)} {num.cardinal(m.group(2))}"


def _digits_letters(m: re.Match[str], ctx: _Context) -> str:
    return f"{num.cardinal(m.group(1))} {m.group(2)}"


_PLURAL_NOUN_AFTER_YEAR = re.compile(r"\s+(?!was\b|has\b|is\b|as\b|does\b|this\b|us\b)[a-z]+s\b")


def _year_or_number(m: re.Match[str], ctx: _Context) -> str:
    value = m.group(0)
    after = m.string[m.end():]
    if _PLURAL_NOUN_AFTER_YEAR.match(after):
        return num.cardinal(value)
    return num.year(value)


def _number(m: re.Match[str], ctx: _Context) -> str:
    return num.cardinal(m.group(0))


def _number_plus(m: re.Match[str], ctx: _Context) -> str:
    return f"{m.group(1)}-plus"


def _hashtag(m: re.Match[str], ctx: _Context) -> str:
    tag = m.group(1)
    words = _split_camel(tag.replace("_", " ").replace("-", " "))
    after = m.string[m.end():]
    if re.match(r"\s+(?:channels?|room|group|tag)\b", after, re.I):
        return words
    if re.search(r"\bhashtag\s+$", m.string[:m.start()], re.I):
        return words  # "the hashtag #MeToo"
    return f"hashtag {words}"


def _handle(m: re.Match[str], ctx: _Context) -> str:
    name = _split_camel(m.group(1).replace("_", " "))
    return name if re.search(r"\bat\s+$", m.string[:m.start()], re.I) else "at " + name


#: "tickets/week": the slash is "a" or "per".
_PER_WORDS = {"day": "a day", "week": "a week", "month": "a month", "year": "a year",
              "hour": "an hour", "minute": "a minute", "person": "per person",
              "head": "per head", "user": "per user", "customer": "per customer",
              "capita": "per capita"}


#: A German street's abbreviation ("Hauptstr.", "Große Hamburger Str."): the rule
#: says it in full, and its period before a house number ends no sentence.
_GERMAN_STREET = re.compile(r"(?:[A-ZÄÖÜ][^\W\d_]*s|S)tr")


def _how_many_times(count: str) -> str:
    return {"1": "once", "2": "twice"}.get(count.lstrip("0") or "0",
                                           f"{num.cardinal(count)} times")


#: Pairs that make one compound, said as such: "a work/life balance" is a work-life
#: balance, not a work or life balance.
_COMPOUND_PAIRS = frozenset({
    ("work", "life"), ("love", "hate"), ("client", "server"), ("input", "output"),
    ("read", "write"), ("on", "off"), ("yes", "no"), ("pass", "fail"), ("true", "false"),
    ("cost", "benefit"), ("risk", "reward"), ("push", "pull"), ("peer", "peer"),
    ("open", "close"), ("start", "stop"), ("buy", "sell"), ("profit", "loss"),
})

#: Pairs that are said with "and", as the fixed phrase: "the pros/cons".
_AND_PAIRS = frozenset({
    ("pros", "cons"), ("dos", "don'ts"), ("do's", "don'ts"), ("ups", "downs"),
    ("ins", "outs"), ("likes", "dislikes"), ("strengths", "weaknesses"), ("highs", "lows"),
    ("wins", "losses"), ("rights", "wrongs"),
})


def _word_slash(m: re.Match[str], ctx: _Context) -> str:
    words = m.group(0).split("/")
    pair = tuple(w.lower().replace("’", "'") for w in words)
    if pair in _COMPOUND_PAIRS:
        return "-".join(words)
    if pair in _AND_PAIRS:
        return " and ".join(words)
    if all(re.fullmatch(_DAY_RE, w) for w in words):  # "Mon/Wed/Fri"
        days = [ABBREVIATIONS[w + "."] for w in words]
        return ", ".join(days[:-1]) + " and " + days[-1]
    if all(re.fullmatch("[A-Z]", w) for w in words):  # "an A/B test", "I/O", "the P/E ratio"
        return ctx.protect(_letters("".join(words)))
    if len(words) == 2 and words[1] in _PER_WORDS and not words[0][:1].isupper():
        return f"{words[0]} {_PER_WORDS[words[1]]}"  # "tickets/week", "emails/day"
    if all(w[:1].isupper() for w in words):
        joiner = " and "
    else:
        joiner = " or "
    return joiner.join(words)


def _opens_sentence(m: re.Match[str]) -> bool:
    """Whether the match is the first word of the text or of a sentence, or a capitalized
    one opening a quotation ("He said, “E.g. tea.”")."""
    before = m.string[:m.start()]
    return bool(re.search(r"(?:^\W*|[.!?][\"'”’)]*\s+[\"'“‘(]*)$", before)
                or (m.group(0)[:1].isupper() and re.search(r"[“‘\"]$", before)))


def _abbreviation(m: re.Match[str], ctx: _Context) -> str:
    text = m.group(0)
    if text == "Jan." and _at_end(m) and _word_before(m) not in _BEFORE_A_MONTH \
            and not re.search(r"\b" + _MONTH_RE, m.string[:m.start()]):  # "from Dec. to Jan."
        return ctx.protect(_keep_final_period(m, "Jan"))  # "we talked to Jan."
    spoken = ABBREVIATIONS.get(text) or ABBREVIATIONS.get(text.lower()) or text
    if _opens_sentence(m):
        spoken = spoken[0].upper() + spoken[1:]  # "N/A for now.", "E.g. this."
    return ctx.protect(_keep_final_period(m, spoken)) if text.endswith(".") else ctx.protect(spoken)


def _ambiguous_abbreviation(m: re.Match[str], ctx: _Context) -> str:
    before_name, after_name = AMBIGUOUS_ABBREVIATIONS[m.group("abbr")]
    prev = m.string[:m.start()]
    nxt = m.string[m.end():]
    prev_is_name = bool(re.search(r"(?:^|[^.!?]\s)[A-Z][a-z]+\s+$", prev)) and \
        not re.search(r"(?:^|[.!?]\s+)[A-Z][a-z]+\s+$", prev)
    next_is_name = bool(re.match(r"\s+[A-Z]", nxt))
    after_ordinal = m.group("abbr") == "St." and bool(re.search(_ORDINAL_WORD + r"\s+$", prev))
    spoken = after_name if (prev_is_name or after_ordinal) and not next_is_name else before_name
    return ctx.protect(_keep_final_period(m, spoken))


#: Words before a bracketed number that name it, so it is read: "see reference [12]".
_CITATION_NAMERS = frozenset("reference references ref refs item step note footnote number no "
                             "see and or option press enter type hit select choose key chapter "
                             "box section page level slot track room button the a".split())

#: First names that take a generational suffix: "Robert Griffin III" is the third.
_FIRST_NAMES = frozenset("""
Aaron Adam Albert Alexander Alfred Allen Andrew Anthony Arthur Benjamin Bernard Bill Billy Bob
Bobby Brian Bruce Carl Charles Christopher Clarence Daniel David Dennis Donald Douglas Earl
Edward Eric Ernest Eugene Francis Frank Fred Frederick George Gerald Gregory Harold Harry Henry
Howard Jack Jacob James Jeffrey Jerry Jim Jimmy Joe John Johnny Jonathan Joseph Joshua Kenneth
Kevin Larry Lawrence Leonard Louis Mark Martin Matthew Michael Nathan Nicholas Patrick Paul
Peter Philip Ralph Raymond Richard Robert Roger Ronald Roy Russell Samuel Scott Stephen Steven
Ted Theodore Thomas Timothy Tom Walter Wayne William Willie
""".split())
_ORDINAL_WORD = (r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                 r"eleventh|twelfth|[a-z]+teenth|[a-z]+ieth|hundredth|thousandth)")
_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_to_int(text: str) -> int | None:
    if not text or not _ROMAN.match(text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN_VALUES[ch]
        if i + 1 < len(text) and _ROMAN_VALUES[text[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


def _pronoun_i(m: re.Match[str]) -> bool:
    """"told Mark I would", not "Mark I" or "James I of England"."""
    return m.group("roman") == "I" and not re.match(r"\s*(?:$|[^\w\s]|of\b)",
                                                       m.string[m.end():])


def _roman_cardinal(m: re.Match[str], ctx: _Context, roman: str | None = None,
                    word: str | None = None) -> str:
    roman, word = roman or m.group("roman"), word or m.group("word")
    if roman in ("C", "D", "L", "M") or (word == "Series" and len(roman) == 1):
        return m.group(0)  # "Series C", "Xbox Series X": letters
    value = roman_to_int(roman)
    if value is None or (word == "Mark" and _pronoun_i(m)):  # "told Mark I would"
        return m.group(0)
    return f"{word} {num.cardinal(value)}"


def _generation(m: re.Match[str], ctx: _Context) -> str:
    """"Robert Griffin III": the third; a title ("Mortal Kombat II") keeps its number."""
    if m.group("first") not in _FIRST_NAMES:
        return f"{m.group('first')} {_roman_cardinal(m, ctx)}"
    ordinal = "second" if m.group("roman") == "II" else "third"
    return f"{m.group('first')} {m.group('word')} the {ordinal}"


def _roman_regnal(m: re.Match[str], ctx: _Context) -> str:
    value = roman_to_int(m.group("roman"))
    # "Charles I was executed.", not "Mary I love you" or "Peter I think".
    opens = m.string[:m.start()].strip(" \"“'(") == "" and \
        re.match(r"\s+(?:was\s+(?:\w+ed|the|a|an|king|queen|born|crowned)|ruled|reigned|died|"
                 r"married|never|became|lost|won|founded|signed|declared|fought|led|issued|"
                 r"granted|succeeded|inherited)\b", m.string[m.end():])  # not "John I was thinking"
    if value is None or (_pronoun_i(m) and not opens):
        return m.group(0)
    return f"{m.group('word')} the {num.ordinal(value)}"


def _dotted_initialism(m: re.Match[str], ctx: _Context) -> str:
    letters = m.group(0).replace(".", "").upper()
    return ctx.protect(".".join(letters) + ".")


def _split_camel(word: str) -> str:
    # "SpiderOak" -> "Spider Oak"; "HTMLParser" -> "HTML Parser"; keep "McDonald".
    word = re.sub(r"(?<=[a-z])(?=[A-Z][a-z])", " ", word)
    word = re.sub(r"(?<=[A-Z])(?=[A-Z][a-z]{2,})", " ", word)
    # "AmItheAsshole": a capital I before a small word is the pronoun ("Am I the").
    word = re.sub(r"(?<= )I(?=(?:the|a|an|am|was|do|did|can|will|have|had|to|and|or)\b)",
                  "I ", word)
    return re.sub(r"\b(Ma?c) (?=[A-Z])", r"\1", word)


def _camel(m: re.Match[str], ctx: _Context) -> str:
    return _split_camel(m.group(0))


def _letters(word: str, final_period: bool = True) -> str:
    """"HR" -> "H.R.", which every engine reads letter by letter. Without the final
    period for letters the writer wrote without periods ("NYT Cooking" -> "N.Y.T
    Cooking"): espeak-ng ends a sentence at it before a capital, and the writer put
    no sentence end there."""
    return ".".join(word) + ("." if final_period else "")


def _caps(m: re.Match[str], ctx: _Context) -> str:
    word, plural = m.group("word"), m.group("plural") or ""
    hyphen_after = bool(m.group("hyphen"))
    if word in ACRONYM_WORDS and not plural:
        return ctx.protect(ACRONYM_WORDS[word]) + ("-" if hyphen_after else "")
    if not plural and (word in EMPHASIS_WORDS or
                       (word in _COMMON_INITIALISM_WORDS and _shouting(m.string))):
        return word.lower() + ("-" if hyphen_after else "")
    if word in INITIALISMS:
        spoken = "-".join(word) + "'s" if plural else _letters(word, final_period=False)
    elif _shouting(m.string) or (len(word) >= 5 and _pronounceable(word)):
        return word.lower() + plural + ("-" if hyphen_after else "")
    elif len(word) >= 4:
        # Unknown and short: the engine's own letter-or-word guess is as good as
        # ours; leave it and tell the writer.
        ctx.flag(m.group(0))
        return m.group(0)
    else:
        ctx.flag(m.group(0))
        spoken = "-".join(word) + "'s" if plural else _letters(word, final_period=False)
    if hyphen_after:
        spoken += " "
    return ctx.protect(spoken)


def _pronounceable(word: str) -> bool:
    vowels = sum(ch in "AEIOUY" for ch in word)
    return vowels / len(word) >= 0.25 and not re.search(r"[^AEIOUY]{4,}", word)


def _shouting(text: str) -> bool:
    words = re.findall(r"[A-Za-z]{2,}", text)
    caps = [w for w in words if w.isupper()]
    return len(caps) >= 3 and len(caps) >= 0.7 * len(words)


def _symbol(m: re.Match[str], ctx: _Context) -> str:
    spoken = SYMBOLS[m.group(0)]
    if spoken.strip() in ("", ","):
        return spoken
    return f" {spoken} "


def _leftover(m: re.Match[str], ctx: _Context) -> str:
    ctx.flag(m.group(0))
    return " "


# ---------------------------------------------------------------- the rules

_B = r"(?<![\w.\ue001])"   # left edge of a token
_E = r"(?![\w\ue000])"     # right edge of a token
_AMPM = r"(?P<ampm>[AaPp]\.?\s?[Mm]\b\.?)"
_ZONE = r"(?:\s+(?P<zone>" + "|".join(TIME_ZONES) + r")\b)?"
_TLDS = ("com|org|net|io|co|uk|us|ca|de|fr|dev|app|ai|edu|gov|fm|tv|me|info|blog|xyz|ly|"
         "gg|so|sh|to|nz|au|in|jp")


def _in_a_name(before: str) -> bool:
    """Whether a letter after `before` is a name's initial: "John P.", "J. R.", not
    "Plan B." or "got a C."."""
    before = before.rstrip()
    word = re.search(r"(?:^|\s)([A-Z][a-z]+|[A-Z]\.?)$", before)
    return not before or (word is not None and word.group(1).lower() not in _LETTER_LABELS)


def _letter_a(m: re.Match[str], following: str | None) -> str:
    """The letter A with its period ("Q and A.", "Chester A. Arthur"), `following` the
    word after it: before a word, espeak-ng reads "A." as the article ("Q and uh
    session") or ends the sentence; "A-" it reads as the letter."""
    if not following:
        return m.group(0)  # before a comma the letter is read as a letter
    if following[:1].isupper() and (following in _SENTENCE_STARTERS or following == "I"
                                    or not _in_a_name(m.string[:m.start()])):
        return m.group(0)  # "Plan A. Mom agreed", "Type A. I got": a sentence may end here
    return LETTER_A


#: How the letter A is written for espeak-ng before another word; "A" alone is the
#: article to it ("Plan uh is better"), "A-" the letter.
LETTER_A = "A-"

#: "5 p.m. Eastern Time": the time goes on.
_ZONE_NAMES = frozenset("Eastern Pacific Central Mountain Atlantic Alaska Hawaii Greenwich "
                        "British".split())
_TIME_ZONE_WORDS = _ZONE_NAMES | frozenset("Israel India Japan China Korea Australian".split())
#: Words before a letter that make it a label, not a name's initial: "Plan B. We".
_LETTER_LABELS = frozenset("""
plan vitamin type exhibit option grade section class group team row room gate appendix part
figure table model apartment unit level block wing phase stage version answer
""".split())

#: Words after which a capital A is the letter: "Plan A", "Type A", "an A on the test".
_BEFORE_LETTER_A = _LETTER_LABELS | frozenset("""
hepatitis category tier series size box terminal concourse building platform track zone lot
apt suite floor side an the column step point squad division league
""".split())


def _bare_letter_a(m: re.Match[str], ctx: _Context) -> str:
    """"Plan A is better", "an A on the test", "A or B", "from A to Z"; not "A dog"."""
    after = m.string[m.end():]
    letter = _word_before(m) in _BEFORE_LETTER_A or re.match(
        r"\s+(?:or|and|to|through|versus|vs\.?|nor)\s+[B-Z]\b(?![\w'’-]|\.\w)", after)
    if letter and re.match(r"\s+\w", after):
        return ctx.protect(LETTER_A)
    return m.group(0)


def _rules() -> list[Rule]:
    unit_names = sorted(UNITS, key=len, reverse=True)
    unit_re = "|".join(re.escape(u) for u in unit_names)
    sym_re = "|".join(re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True))
    abbr_keys = sorted(ABBREVIATIONS.keys() | _SENTENCE_OPENING_ABBREVIATIONS, key=len,
                       reverse=True)
    abbr_re = "|".join(
        re.escape(a) + ("" if a.endswith(".") or "/" in a else r"\b") for a in abbr_keys)
    raw: list[tuple[str, str, Callable[[re.Match[str], _Context], str], int]] = [
        ("email", r"(?<![\w.])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b", _email, 0),
        ("url", r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\d?\.)[^\s<>\"']*[^\s<>\"'.,;:!?)\]]"
                r"|(?<![\w@./])(?:[\w-]+\.)+(?:" + _TLDS + r")\b(?:/[^\s<>\"']*[^\s<>\"'.,;:!?)\]])?",
         _url, 0),
        # A file path ("src/main.py", "~/.bashrc", "./run.sh", "/etc/hosts") is read as a
        # developer says it: "src slash main dot py", "tilde slash dot bashrc".
        ("path", r"(?<![\w/.~])(?:~/|\./|/)?(?:[\w.-]+/)*\.?[\w-]+\.(?:" + _FILE_EXTENSIONS
                 + r")\b(?![\w/])|(?<![\w/.~])(?:~|\.)/[\w.-]*(?:/[\w.-]+)*(?<![.])|"
                   r"(?<![\w/.~])/(?:etc|usr|var|tmp|home|opt|bin)(?:/[\w.-]+)+(?<![.])", _path, 0),
        # "between 20-30 minutes" is between twenty and thirty, not "between twenty to
        # thirty": the dash becomes "and", and each side is read as it would be alone.
        ("between range", r"(?<=\b[Bb]etween )([$€£]?\d[\d,.]*(?:\s?%|[kKmMbB]\b)?)"
                          r"\s*[-–]\s*(?=[$€£]?\d)",
         lambda m, c: f"{m.group(1)} and ", 0),
        # A fiscal or model year: "FY2024" is F Y twenty twenty four, "FY24" F Y twenty four.
        ("fiscal year", r"\b([FM]Y)\s?'?(\d{4}|\d{2})\b",
         lambda m, c: c.protect(f"{_letters(m.group(1), final_period=False)} "
                                f"{(num.year if len(m.group(2)) == 4 else num.cardinal)(m.group(2))}"),
         0),
        # A list written inline after a colon: "My top three: 1. SZA; 2. boygenius".
        ("inline list number", _INLINE_LIST_ITEM.pattern + r"(?=\s[\w\"“‘'])",
         lambda m, c: f"{num.cardinal(m.group('n'))}," if _inline_list_item(
             m.string[:m.end() - 1], m.string[m.end():]) else m.group(0), 0),
        # A numbered heading: "II. Window", "IV. The End" (not "I. M. Pei").
        ("roman heading", r"^(?P<roman>" + _ROMAN_HEADING_NUMBER.pattern + r")\.\s+(?=[A-Z][a-z])",
         lambda m, c: f"{num.cardinal(roman_to_int(m.group('roman'))).capitalize()}. ", 0),
        ("one on ones", r"(?<![\w:])1:1s\b", lambda m, c: "one-on-ones", 0),  # "my 1:1s"
        # A subreddit or a Reddit user: "r/AskHistorians" -> "r slash Ask Historians".
        ("subreddit", r"(?<![\w/])(?P<kind>[ru])/(?P<name>[A-Za-z0-9_]{2,})\b",
         lambda m, c: c.protect(f"{m.group('kind')} slash {_split_camel(m.group('name'))}"), 0),
        # "3500 W. Diversey", "350 W 42nd St": West
        ("street direction", r"(?<=\d )([NSEW])\.?(?= (?:[A-Z]|\d+(?:st|nd|rd|th)\b))",
         lambda m, c: {"N": "North", "S": "South", "E": "East", "W": "West"}[m.group(1)], 0),
        ("season episode", r"\b[Ss](\d{1,2})\s?[Ee](\d{1,3})\b",
         lambda m, c: f"season {num.cardinal(m.group(1))}, episode {num.cardinal(m.group(2))}", 0),
        ("rating star", r"(?<![\w.])(\d+(?:\.\d+)?)\s?★(?![★☆])",  # "4.8★"
         lambda m, c: f"{num.cardinal(m.group(1))} {'star' if m.group(1) == '1' else 'stars'}", 0),
        ("stars", r"(★+)(☆*)", lambda m, c: f"{num.cardinal(len(m.group(1)))} "
                                           + (f"out of {num.cardinal(len(m.group(0)))} stars"
                                              if m.group(2) else
                                              "star" if len(m.group(1)) == 1 else "stars"), 0),
        ("page born circa", r"(?<![\w.])([pbc])\.\s(?=\d)", _page_born_circa, 0),
        # Only before a number: "Art. 17", "Eq. 3"; "I love art." stays.
        # Not the name: "I called Art. 20 minutes later".
        ("numbered part", r"\b(Art|Arts|Eq|Eqs|Sec|Secs|Para|Eps?)\.?\s?(?=\d)(?!\d+\s+(?:minutes|"
                          r"hours|days|weeks|months|years|seconds)\b)",
         lambda m, c: NUMBERED_PARTS[m.group(1)] + " ", 0),
        ("sections", r"§§\s*", lambda m, c: "sections ", 0),
        ("command line option", r"(?<![\w-])--(?=[a-z][\w-]*\b)", lambda m, c: c.protect("dash dash "),
         0),  # "--help"
        # Foot marks: "12' x 14'", "a 2' long board"; not a closing quote ("I ran 5' and").
        ("feet by feet", r"(?<![\w.'])(\d+(?:\.\d+)?)'\s?[x×]\s?(\d+(?:\.\d+)?)'",
         lambda m, c: f"{num.cardinal(m.group(1))} by {num.cardinal(m.group(2))} feet", 0),
        ("feet", r"(?<![\w.'])(\d+(?:\.\d+)?)'(?=\s+(?:long|wide|tall|high|deep|across|away|"
                 r"apart)\b)", lambda m, c: _count_of(m.group(1), "ft"), 0),
        ("times as a name", r"(?<![\w.])(\d+(?:\.\d+)?)x(?=\s+(?:engineers?|developers?|programmers?|zoom|lens|"
                            r"leverage|returns?|growth|multiplier)\b)",
         lambda m, c: f"{num.cardinal(m.group(1))}-x", 0),  # "a 10x engineer"
        ("emoji", _EMOJI.pattern, lambda m, c: " ", 0),
        ("love", r"(?<!\S)<3(?!\S)", lambda m, c: "love", 0),
        # "10 000", "1 000 000" with plain spaces; "100 200 300" is a list. (Digits
        # grouped by thin or no-break spaces were joined before the rules.)
        ("spaced thousands", r"(?<![\d.,])\d{1,3}(?: 000)+(?![\d.,]?\d)(?! \d)",
         lambda m, c: m.group(0).replace(" ", ""), 0),
        # In an address only: "Springfield, IL 62704" (not "your ID 48213", "OR 10000 points").
        ("zip code", r"(?<=[a-z], )(?P<state>" + "|".join(US_STATES) + r")(?P<comma>,?)\s(?P<zip>\d{5})"
                     r"(?:-(?P<plus4>\d{4}))?\b(?![.,]\d)", _zip_code, 0),
        ("postcode", r"(?<=, )(?:(?P<town>[A-Z][a-z\u00e0-\u00ff]+(?:[ -][A-Z][a-z\u00e0-\u00ff]+)?)"
                     r" (?P<code>\d{5})|(?P<code2>\d{5}) (?P<town2>[A-Z][a-z\u00e0-\u00ff]+))"
                     r"(?=[.,;)]|\s*$)", _postcode, 0),
        # "Hauptstr. 5": a German street, said in full before its house number.
        ("strasse", r"\b(" + _GERMAN_STREET.pattern + r")\.(?=\s+\d)",
         lambda m, c: c.protect(m.group(1) + "asse"), 0),
        # "Austin, TX to Portland, OR.": the state, not "or", when a place comes before
        # and the sentence goes on as after a place.
        ("state after a place", r"(?<=[a-z], )(?P<state>" + "|".join(US_STATES) + r")"
                                r"(?=[.,;:!?)]|$|\s+(?:to|and|or|from|in|for|where|which|with|on|"
                                r"last|this|next|is|was)\b)", _state_after_place, 0),
        ("utc offset", r"\b(?P<zone>UTC|GMT)\s?(?P<sign>[+-])\s?(?P<h>\d{1,2})(?::?(?P<m>\d\d))?\b",
         _utc_offset, 0),
        ("minus in a sum", r"\b(\d+(?:\.\d+)?|[A-Za-z]) - (?=(?:\d+(?:\.\d+)?|[A-Za-z]) ?=)",
         lambda m, c: f"{m.group(1)} minus ", 0),  # "5 − 2 = 3"
        # "6.02 × 10^23", "10^-6", "10⁻³": as "6.02e23" is read.
        ("times ten to the", r"(?<![\w.])(?:(\d+(?:\.\d+)?)\s?[×x*]\s?)?10(?:\^\(?([-−]?\d{1,3})\)?"
                             r"|([⁻]?[¹²³⁴-⁹⁰]+))(?![\w^]|\.\d)", _power_of_ten, 0),
        # "2x/week", "1x a day": how often, "twice a week", "once a day".
        ("how often", r"(?<![\w.])(\d+)x\s?(?:/\s?|a\s|an\s|per\s)(" + "|".join(_PER_WORDS) + r")\b",
         lambda m, c: f"{_how_many_times(m.group(1))} {_PER_WORDS[m.group(2)]}", 0),
        ("times", r"(?<![\w.])[x×](\d+(?:\.\d+)?)\b",  # "at x2 speed"; "x86" is a processor
         lambda m, c: f"{'x' if m.group(1) in ('86', '64') else 'times'} "
                      f"{num.cardinal(m.group(1))}", 0),
        ("scientific", r"(?<![\w.])(\d+(?:\.\d+)?)[eE]([+-]?\d{1,3})\b", _scientific, 0),
        ("batting average", r"(?<![\w.])\.(\d{3})\b(?![.,]?\d)", _batting_average, 0),
        ("flight", r"\b(?P<word>[Ff]light)\s+(?P<code>[A-Z]{2}|[A-Z]\d|\d[A-Z])\s?(?P<n>\d{1,4})\b",
         lambda m, c: c.protect(f"{m.group('word')} {' '.join(m.group('code'))} "
                                f"{num.in_pairs(m.group('n'))}"), 0),  # "Flight UA 901"
        ("identifier", r"\b(?P<word>" + IDENTIFIER_WORDS + r")\s(?P<n>[1-9]\d{2,3})\b(?![.,]\d)",
         _identifier, 0),
        # A model or a band with a three-digit number: "F-150", "Blink-182", "I-405".
        ("hyphenated model", r"\b(?P<word>[A-Z][A-Za-z]*)-(?P<n>[1-9]\d{2})\b(?![.,-]?\d)",
         _identifier, 0),
        ("arrow", r"\s*(?:->|→)\s*", lambda m, c: " to ", 0),
        ("retirement plan", r"\b(401|403|457|501)(?:\(([a-z])\)|(k|b)\b)(?:\((\d)\))?",
         lambda m, c: c.protect(RETIREMENT_PLANS[m.group(1)] + f"-{m.group(2) or m.group(3)}"
                                + (f"-{num.cardinal(m.group(4))}" if m.group(4) else "")), 0),
        ("529 plan", r"\b529(?=\s+plans?\b)", lambda m, c: "five twenty nine", 0),
        ("emergency number", r"\b(?:(?<=call )|(?<=dial )|(?<=text )|(?<=dialed )|(?<=called )|"
                             r"(?<=calling ))(?:911|999|988|112|211|311|411)\b|(?<!Porsche )\b911\b(?!/)",
         lambda m, c: num.digits(m.group(0)), 0),
        ("per time", r"(?<=[\dkKMB%])/(" + "|".join(PER_TIME) + r")\b",
         lambda m, c: " " + PER_TIME[m.group(1)], 0),
        ("time or time", r"(\b[A-Z]{1,2}T|\b[ap]\.?m\.?|\b[AP]M)\s*/\s*(?=\d)",
         lambda m, c: f"{m.group(1)} or ", 0),  # "10:30 a.m. ET / 7:30 a.m. PT"
        ("time range", r"\b(\d{1,2}(?::\d\d)?\s?(?:[AaPp]\.?[Mm]\.?)?)\s?[–-]\s?"
                       r"(?=\d{1,2}(?::\d\d)?\s?[AaPp]\.?[Mm]\b)", lambda m, c: f"{m.group(1)} to ", 0),
        ("month day range", r"\b(" + _MONTH_RE + r")\s+(\d{1,2})\s?[–-]\s?(\d{1,2})\b(?![:\d])",
         lambda m, c: f"{m.group(1)} {m.group(2)} to the {num.ordinal(int(m.group(3)))}", 0),
        ("day range", r"\b(" + _DAY_RE + r")\.?\s?[–-]\s?(" + _DAY_RE + r")\b(?:\.(?=\s+[a-z]))?",
         lambda m, c: f"{ABBREVIATIONS[m.group(1) + '.']} to {ABBREVIATIONS[m.group(2) + '.']}",
         0),
        ("decade range", r"((?:\b\d\d|'|\b)\d0s)\s?[–-]\s?('?\d{1,3}0s)\b",
         lambda m, c: f"{m.group(1)} to {m.group(2)}", 0),
        # "10k steps", "50k subscribers"; but "a 5k", "a 10k run": races.
        ("thousand", r"(?<![\w$€£.,])(\d+(?:\.\d+)?)k\b(?=(\+?\s+(?:[a-z]+s|people)\b)?)",
         lambda m, c: f"{m.group(1)} thousand" if m.group(2) else f"{m.group(1)} K", 0),
        ("thousands or millions plus", r"(?<![\w$€£.,])(\d+(?:\.\d+)?)([kMB])\+(?!\w)",
         lambda m, c: f"{m.group(1)} {SCALE_LETTERS[m.group(2).upper()] if m.group(2) != 'k' else 'thousand'} plus",
         0),  # "100k+ users", "1M+ copies"
        ("millions", r"(?<![\w$€£.,])(\d+(?:\.\d+)?)([MBT])\b(?=\s+(?:[a-z]+s|people)\b)"
                     r"|(?<=~)(\d+(?:\.\d+)?)([MBT])\b|(?<![\w$€£.,])(\d+\.\d+)([MBT])\b",
         lambda m, c: f"{m.group(1) or m.group(3) or m.group(5)} "
                      f"{SCALE_LETTERS[m.group(2) or m.group(4) or m.group(6)]}", 0),
        # "2m people" in millions; "50m laps", "2m walls" stay meters.
        ("millions m", r"(?<![\w$€£.,])(\d+(?:\.\d+)?)m\b(?=\s+(?:" + _COUNTED + r")\b)",
         lambda m, c: f"{m.group(1)} million", 0),
        ("cents sign", r"\b(\d+)\s?¢", lambda m, c: f"{m.group(1)} "
                                                   f"{'cent' if m.group(1) == '1' else 'cents'}", 0),
        ("dimensions", r"(?<![\w.,])(\d+(?:\.\d+)?)\s?[x×]\s?(\d+(?:\.\d+)?)(s?)\b(?![.,]\d)"
                       r"(?:\s?(?P<unit>" + unit_re + r")(?![\w/]))?",
         _dimensions, 0),
        ("relay", r"\b(\d)\s?[x×]\s?(?=\d+\s?m\b)", lambda m, c: f"{num.cardinal(m.group(1))} by ",
         0),
        ("percentile", r"\b[pP](50|75|90|95|99)\b", lambda m, c: f"P {num.cardinal(m.group(1))}", 0),
        ("decimal seconds", r"(?<![\w.])(\d+\.\d+)s\b", lambda m, c: _count_of(m.group(1), "sec"),
         0),
        ("sharp", r"\b([A-G])#(?![\w#])", lambda m, c: f"{m.group(1)} sharp", 0),
        ("dot net", r"(?<![\w.])\.NET\b", lambda m, c: "dot net", 0),
        ("file extension", r"(?:(?<=\s)|^)\.([a-z][a-z0-9]{1,9})\b(?![\w]|\.\w)",
         lambda m, c: f"dot {m.group(1)}", 0),  # "the .zip file", "your .env"
        ("24-hour time", r"(?i:(?<=\bat )|(?<=\bby )|(?<=\buntil )|(?<=\bfrom )|(?<=\bbefore )|"
                         r"(?<=\bafter ))0(\d)([0-5]\d)\b(?![.,:]?\d)(?! \d{3} \d)",
         _hours_24, 0),
        ("temperature letter", r"(?:(?<=\bto )|(?<=\bat )|(?<=\bof )|(?<=\baround )|(?<=\babout )|(?<=\bhit )|"
                               r"(?<=\breached )|(?<=\babove )|(?<=\bbelow ))(-?\d{1,3})([CF])\b(?![\w-])",
         _temperature_letter, 0),  # "Preheat to 180C"; not "iPhone 5C", "moved to 5C"
        # As the numbers the speech stage spells: espeak-ng runs "sixty-five" into one word.
        ("tens and units", r"(?i)\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-"
                           r"(one|two|three|four|five|six|seven|eight|nine|first|second|third|"
                           r"fourth|fifth|sixth|seventh|eighth|ninth)\b",
         lambda m, c: f"{m.group(1)} {m.group(2)}", 0),
        ("http status", r"\b([45]0\d)(?=\s+(?:errors?|pages?|status|codes?|responses?)\b)",
         lambda m, c: num.in_pairs(m.group(1)), 0),
        ("fraction before a hyphen", r"(?:(?<=\s)|(?<=^))(½|1/2|¼|1/4|¾|3/4)-(?=[a-z])",
         lambda m, c: {"½": "half", "1/2": "half", "¼": "quarter", "1/4": "quarter",
                       "¾": "three-quarter", "3/4": "three-quarter"}[m.group(1)] + "-", 0),
        ("inches", r"(?<![\w.'′])(\d+(?:\.\d+)?)(?:\"|″|”)(?=[\s,.;:)]|$)", _inches, 0),
        ("fraction inches", r"(?<![\w.'′])(\d+)?([½¼¾⅓⅔])(?:\"|″|”)(?=[\s,.;:)]|$)",
         _fraction_inches, 0),
        ("unit in brackets", r"\((" + "|".join(map(re.escape, sorted(
            {"mm", "cm", "m", "km", "kg", "g", "mg", "lb", "lbs", "oz", "ml", "mL", "l", "L",
             "min", "ms", "hrs", "kWh", "mph", "km/h", *_UNITS_IN_BRACKETS}, key=len,
            reverse=True))) + r")\)", _unit_in_brackets, 0),
        ("git revision", r"(?<=[A-Za-z])~(?=\d)", lambda m, c: " tilde ", 0),  # "HEAD~1"
        ("house number", r"\b([1-9]\d{2,3})([A-Z])?(?= (?:[A-Z][a-z]+ ){1,3}"
                         r"(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Lane|Boulevard|Blvd\.|Drive|"
                         r"Place|Way|Court|Terrace)(?!\w))",
         lambda m, c: num.in_pairs(m.group(1)) + (f" {m.group(2)}" if m.group(2) else ""), 0),
        ("blood pressure", r"(?:(?<=pressure )|(?<=\bBP ))((?:was |of |at |is )?)(1\d\d|9\d)/(\d{2,3})\b",
         _blood_pressure, 0),
        ("per area", r"\bper\s+(m|km|cm|ft)([²³])",
         lambda m, c: f"per {'square' if m.group(2) == '²' else 'cubic'} "
                      f"{UNITS[m.group(1)][0]}", 0),
        ("squared", r"(?<=[=+*/(-] )([A-Za-z]{1,2})([²³])(?!\w)|(?<![\w.])(?<!\d )(?<!per )"
                    r"([A-Za-z])([²³])(?!\w)",  # "E = mc²", "x² + y²"; not "50 m²"
         lambda m, c: " ".join((m.group(1) or m.group(3)).upper())
                      + (" squared" if (m.group(2) or m.group(4)) == "²" else " cubed"), 0),
        ("superscript mark", r"(?:(?<=[A-Za-z]{2})|(?<=[.,;:!?)\"”’]))[¹²³⁴-⁹⁰]+",
         lambda m, c: "", 0),  # a footnote mark: "we did it²"; not "50 m²"
        ("mixed fraction", r"\b(\d+)(?:\s+(1/2|1/4|3/4|1/3|2/3)\b|\s?([½¼¾⅓⅔]))",
         lambda m, c: f"{num.cardinal(m.group(1))} and "
                      f"{MIXED_FRACTIONS[m.group(2) or m.group(3)]}", 0),
        ("short year", r"(?<![\w'])'(\d\d)\b(?!s)",
         lambda m, c: (f"oh {num.cardinal(m.group(1)[1])}" if m.group(1)[0] == "0"
                       else num.cardinal(m.group(1))), 0),
        ("round plurals", r"\b(100|1,?000|10,?000|100,?000)s\b",
         lambda m, c: ROUND_PLURALS[m.group(1).replace(",", "")], 0),
        ("letter to letter", r"\b([BCDPGM])2([BCDPGM])\b",  # B2B, P2P; not H2O
         lambda m, c: f"{m.group(1)} to {m.group(2)}", 0),
        ("letters digits letters", r"\b([A-Za-z]{1,3})(\d{1,2})([A-Za-z]{1,3})\b",
         lambda m, c: f"{m.group(1)} {num.cardinal(m.group(2))}"
                      + ("s" if m.group(3) == "s" else f" {m.group(3)}"), 0),  # "F16s", "A1C"
        ("emphasis", r"(?<![\w*])([*_])([A-Za-z][\w' -]*?)\1(?![\w*])", _emphasis, 0),
        ("citation", r"(?<=[^\s\[])\[\d{1,3}(?:[,–-]\s?\d{1,3})*\]", lambda m, c: "", 0),  # "quiet.[1]"
        # "Earlier work [12] found", "studies [3, 7, 12–15] report"; not "see reference [12]".
        ("spaced citation", r"(?<=\w) \[\d{1,3}(?:[,–-]\s?\d{1,3})*\](?:,\s?\[\d{1,3}\])*(?=[\s,.;:)]|$)",
         lambda m, c: m.group(0) if _word_before(m) in _CITATION_NAMERS else "", 0),
        # A transcript's stage directions: "which is [laughs] being a person".
        ("stage direction", r"\s*\[(?:laugh(?:s|ter|ing)?|applause|crosstalk|inaudible|sic|"
                            r"pause|sighs?|chuckles?|cheers|music|silence)\]", lambda m, c: "",
         re.I),
        ("brackets", r"[\[\]{}]", lambda m, c: "", 0),
        ("phone", r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[.-]\d{4}"
                  r"(?!\d)|(?<![\w+])\+\d{1,3}(?:[\s.-]\d{2,4}){2,4}(?!\d)", _phone, 0),
        ("toll free", r"\b1-(8(?:00|88|77|66|55|44|33))(?=-[A-Z]|\s+numbers?\b)-?",
         lambda m, c: "one " + ("eight hundred" if m.group(1) == "800" else num.digits(m.group(1)))
                      + (" " if m.group(0).endswith("-") else ""), 0),
        ("local phone", r"(?<![\w.,+-])[2-9]\d\d-\d{4}(?![\w.,-]?\d)(?!-)", _local_phone, 0),
        ("feet inches", r"\b(\d)'\s?(\d{1,2})(?:\"|'')",
         lambda m, c: f"{num.cardinal(m.group(1))} foot {num.cardinal(m.group(2))}", 0),
        ("hours minutes", r"\b(\d{1,3})\s?h\s?(\d{1,2})\s?m(?:in)?\b",
         lambda m, c: f"{_count_of(m.group(1), 'h')} {_count_of(m.group(2), 'min')}", 0),
        ("iso date", r"\b(\d{4})-(\d{2})-(\d{2})\b", _iso_date, 0),
        ("us date", r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b", _us_date, 0),
        ("race time", r"\b(\d{1,2}):(\d{2})\.(\d{1,2})\b",  # "3:59.4", "4:07.5", "0:09.58"
         lambda m, c: (f"{num.cardinal(m.group(1))} " if int(m.group(1)) else "")
                      + (f"oh {num.cardinal(m.group(2)[1])}" if m.group(2).startswith("0")
                         and int(m.group(1)) else num.cardinal(m.group(2)))
                      + f" point {num.digits(m.group(3))}", 0),
        # Two-digit verses read like clock times ("John three sixteen"); "Genesis 1:1" is no ratio.
        ("scripture", r"(?<!the )\b(" + BIBLE_BOOKS + r")\s(\d{1,3}):(\d)\b(?![:.]\d|\s?[AaPp]\.?[Mm]\b)",
         lambda m, c: f"{m.group(1)} {num.cardinal(m.group(2))} {num.cardinal(m.group(3))}", 0),
        ("ratio in context", r"\b(\d{1,3}):(\d{1,6})\b(?![:.]\d|\s?[AaPp]\.?[Mm]\b)",
         _ratio_in_context, 0),
        ("ratio", r"(?:(?<=ratio of )|(?<=ratio )|(?<=odds of ))(\d{1,3}):(\d{1,3})\b"
                  r"|(?<![\d.])(\d{1,2}(?:\.\d{1,2})?):(\d)\b(?![:\d]|\.\d)",
         _ratio, 0),  # "16:9", "a 1.33:1 aspect ratio"
        ("time", r"\b(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?(?:\s?" + _AMPM + r")?"
                 + _ZONE, _time, 0),
        ("hour am/pm", r"\b(?P<h>1[0-2]|0?[1-9])\s?" + _AMPM + _ZONE, _hour_ampm, 0),
        ("money range", r"(?P<sym>" + _CURRENCY_SYMBOL + r")(?P<lo>" + _NUM + r")\s?[-–]\s?(?:"
                        + _CURRENCY_SYMBOL + r")?"
                        r"(?P<hi>" + _NUM + r")(?:\s?(?P<scale>[kKmMbBtT]n?|thousand|million|"
                        r"billion|trillion)\b)?", _money_range, 0),
        # "$3,000 CAD": the dollars are Canadian; "IDR 500,000", "₦180,000".
        ("dollars named", r"(?<![\w.])\$\s?(?P<amt>" + _NUM + r")\s?(?P<code>CAD|AUD|NZD|HKD|SGD)\b",
         lambda m, c: f"{num.cardinal(m.group('amt'))} {CURRENCY_NAMES[m.group('code')]}", 0),
        ("money", r"(?P<minus>(?:(?<=\s)|(?<=^)|(?<=\())[-−])?(?P<sym>" + _CURRENCY_SYMBOL + r")\s?(?P<amt>" + _NUM + r")(?:\s?(?P<scale>"
                  r"[kKmMbBtT]n?|thousand|million|billion|trillion)\b)?", _money, 0),
        ("currency code", r"(?<![\w.])(?P<amt>" + _NUM + r")\s?(?P<code>USD|EUR|GBP|JPY|INR)\b",
         _currency_code, 0),
        ("currency name", r"(?:\b(?P<code>" + "|".join(CURRENCY_NAMES) + r")\s?(?P<amt>" + _NUM
                          + r")\b(?![.,]\d)|(?<![\w.])(?P<amt2>" + _NUM + r")\s?(?P<code2>"
                          + "|".join(CURRENCY_NAMES) + r")\b)",
         lambda m, c: f"{num.cardinal(m.group('amt') or m.group('amt2'))} "
                      f"{CURRENCY_NAMES[m.group('code') or m.group('code2')]}", 0),
        ("percent", r"(?:(?<=^)|(?<=[\s(]))(?P<minus>[-−–])(?=\.?\d)(?P<hi>" + _NUM + r")\s?%"
                    r"|" + _B + r"(?:(?P<lo>" + _NUM + r")\s?%?\s?[-–]\s?)?(?P<hi2>" + _NUM
                    + r")\s?%", _percent, 0),
        ("dotted date", r"(?<![\w.])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b(?!\.\d)",
         _dotted_date, 0),
        ("version", r"(?:\b(?P<v>v)|(?<![\w.]))(?P<ver>\d+\.\d+\.\d+(?:\.\d+)*)\b", _version, 0),
        ("version v", r"\b(?P<v>v)(?P<ver>\d+(?:\.\d+)?)\b", _version, 0),
        ("product version", r"\b(?P<name>" + PRODUCT_NAMES + r")\s(?P<a>\d{1,2})\.(?P<b>\d{2})\b"
                            r"(?![.,]?\d|\s?(?:%|" + unit_re + r")(?![\w/]))", _product_version, 0),
        ("day month", r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon>" + _MONTH_RE + r")(?!\w)"
                      r"(?:,?\s+(?P<year>\d{4})\b)?", _day_month, 0),
        ("month day", r"\b(?P<mon>" + _MONTH_RE + r")\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"
                      r"(?!:)(?:,?\s+(?P<year>\d{4})\b)?", _month_day, 0),
        ("month year", r"\b(?P<mon>" + _MONTH_RE + r")\s+(?P<year>1\d{3}|20\d{2})\b",
         _month_year, 0),
        # A countdown or a formation, not a range ("5-4-3-2-1", "4-4-2"); small numbers only,
        # so not a date ("12-25-24") or a phone number.
        ("counted off", r"(?<![\w.,/-])(?:1?\d|20)(?:-(?:1?\d|20)){2,}(?![\w.,/-]*\d)",
         _counted_off, 0),
        ("year range", r"\b(1[1-9]\d\d|20\d\d)\s?[-–]\s?(1[1-9]\d\d|20\d\d|\d\d)\b(?![-–]?\d)",
         _year_range, 0),
        ("unit period", r"(?<=\d )(lbs?|oz|mos|wks|yrs|hrs|mins|tbsp|tsp)\.(?=\s+[a-z0-9])",
         lambda m, c: m.group(1), 0),
        ("unit per unit", _B + r"(?P<n>" + _NUM + r")\s?(?P<unit>" + unit_re + r")/(?P<per>"
                          + unit_re + "|" + "|".join(PER_ONLY_UNITS) + r")(?![\w/])",
         lambda m, c: f"{_count_of(m.group('n'), m.group('unit'))} per "
                      + (PER_ONLY_UNITS.get(m.group('per'))
                         or _unit_names(m.group('per'))[0]), 0),
        ("unit", _B + r"(?<!/)(?P<n>(?:(?<=^)|(?<=[\s(]))-?(?:" + _NUM + r")|" + _NUM + r")(?:\s?[-–]\s?(?P<n2>" + _NUM + r"))?"
                 r"(?:(?P<hyphen>-)|\s?)(?P<unit>" + unit_re + r")(?![\w/])", _unit, 0),
        ("range", _B + r"(" + _NUM + r")\s?[–-]\s?(" + _NUM + r")(?![\d,]*\.?\d)(?![\w.-]\d)",
         _range, 0),
        ("decade", r"(?:(?<=\s)|(?<=^)|(?<=-)|(?<=\())'?(\d0|1\d\d0|20\d0)'?s\b", _decade, 0),
        ("ordinal", r"\b(\d[\d,]*)(?:st|nd|rd|th)\b", _ordinal, 0),
        # "the winter of 2023/24", "the 2019/20 season": a span of two years.
        ("year slash year", r"(?<![\w/.])((?:19|20)\d\d)/(\d\d)(?![\w/])",
         lambda m, c: f"{num.year(m.group(1))} to {num.cardinal(m.group(2))}"
         if int(m.group(2)) == (int(m.group(1)) + 1) % 100 else m.group(0), 0),
        ("slash number", r"(?<![\w/.])\d+(?:\.\d+)?/\d+(?:/\d+)?(?![\w/])", _slash_number, 0),
        ("video lines", r"\b(24|30|60|480|720|1080|1440|2160)p\b",
         lambda m, c: VIDEO_RESOLUTIONS[m.group(1)], 0),
        ("pence", r"(?<![\w.,])(\d{1,2})p\b",
         lambda m, c: f"{num.cardinal(m.group(1))} {'penny' if m.group(1) == '1' else 'pence'}",
         0),
        ("number sign", r"(?:#|\bNo\.\s?|\bno\.\s)(\d+)(?:([A-Z])\b|\b)", _number_sign, 0),
        ("letters decimal", r"\b([A-Z]{1,4})(\d+\.\d+)\b", _letters_digits, 0),  # "PM2.5"
        ("letters digits", r"\b([A-Z]{1,4})(\d+)\b", _letters_digits, 0),
        ("rooms", r"(?<![\w.])(?P<beds>" + _HALF + r")\s?(?:BR|BD|br|bd)(?:\s?/\s?(?P<baths>"
                  + _HALF + r")\s?(?:BA|ba))?\b", _rooms, 0),
        ("digits letters", r"(?<![\w$€£.,])(\d+)([A-Z]{1,2})\b", _digits_letters, 0),
        ("years old", r"\b(\d{1,3})\s?yo\b",
         lambda m, c: num.cardinal(m.group(1)) + (
             " years old" if _word_before(m) in ("is", "was", "turned", "turns", "am", "are",
                                                 "be", "being", "now") else "-year-old"), 0),
        # Not "5s", "49ers", "10ish", which the voice reads well as they are.
        ("mixed token", r"(?<![\w.$€£])(?!\d+(?:s|ers|ish)\b)(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z\d]+\b",
         _mixed_token, 0),
        ("year", r"(?<![\w$€£.,\-])(?:1[1-9]\d\d|20\d\d)(?![\w,.]\d|\d|%)", _year_or_number, 0),
        ("early year", r"(?<![\w$€£.,\-])10[1-9]\d\b(?![\w,.]\d|%)",  # "in 1066", not "1098 people"
         lambda m, c: num.year(m.group(0)) if _word_before(m) in
         ("in", "of", "since", "by", "until", "circa", "around", "year") else m.group(0), 0),
        ("grade plus", r"(?<![\w+])A\+(?![\w+])", lambda m, c: "A-plus", 0),  # not "uh plus"
        ("grade minus", r"(?<![\w-])([A-D])[-−–](?![\w-])", _grade_minus, 0),  # "got an A-"
        ("number plus", r"(?<![\w.])(" + _NUM + r")\+", lambda m, c: f"{num.cardinal(m.group(1))}-plus", 0),
        ("number", r"(?:(?<=^)|(?<=[\s(\[\"'/]))-(?=\.?\d)(?:" + _NUM + r")|" + _NUM,
         _number, 0),
        ("hashtag", r"(?<![\w&])#([A-Za-z][\w-]*\w|[A-Za-z])", _hashtag, 0),
        ("handle", r"(?<![\w.])@([A-Za-z_]\w*)", _handle, 0),
        # Before the abbreviation rule makes "Vol." a word the Roman rules no longer see.
        ("volume roman", r"\bVol\.\s+(?P<roman>[IVXL]+)\b",
         lambda m, c: _roman_cardinal(m, c, word="volume"), 0),
        ("dr/st", r"(?<![\w.])(?P<abbr>Dr\.|St\.)", _ambiguous_abbreviation, 0),
        # "+" after it: a key held with another ("Ctrl+C").
        ("abbreviation", r"(?<![\w.])(?:" + abbr_re + r")(?=[\s,;:)\"'!?+]|\.(?!\w)|$)",
         _abbreviation, 0),
        ("word slash", r"(?<![\w/])[A-Za-z][\w'-]*(?:/[A-Za-z][\w'-]*)+(?![\w/])", _word_slash, 0),
        # "PB&J", "R&D", "PB&Js": the plural is said on the last letter.
        ("ampersand caps", r"\b([A-Z]{1,3})&([A-Z]{1,3})(s?)\b",
         lambda m, c: c.protect(f"{_letters(m.group(1))} and "
                                + ("-".join(m.group(2)) + "'s" if m.group(3)
                                   else _letters(m.group(2)))), 0),
        # "Calc I", "Physics I": a course, where "I" ends the name rather than starting a clause.
        ("course one", r"\b(?P<word>" + COURSE_WORDS + r")\s+I\b(?=\s*(?:$|[^\w\s]|(?:and|or|twice|"
                       r"again|class|classes|course|final|exam|midterm|lecture|homework|in|at|"
                       r"with|before|after|last|this|that)\b))",
         lambda m, c: f"{m.group('word')} one", 0),
        ("roman", r"\b(?P<word>" + ROMAN_CARDINAL_TRIGGERS + r")\s+(?P<roman>[IVXLC]+)\b",
         _roman_cardinal, 0),
        ("lowercase roman", r"\b(?P<word>Act|Scene|Canto|Book|Part)\s+(?P<roman>[ivxl]+)\b",
         lambda m, c: _roman_cardinal(m, c, m.group("roman").upper()), 0),
        ("regnal", r"\b(?P<word>" + ROMAN_REGNAL_NAMES + r")\s+(?P<roman>[IVX]{1,5})\b",
         _roman_regnal, 0),
        ("generation", r"\b(?P<first>[A-Z][a-z]+) (?P<word>[A-Z][a-z]+),? (?P<roman>II|III)\b"
                       r"(?=\s*(?:[,.;:)!?]|$|\s[a-z]))",
         _generation, 0),
        # "Rocky IV", "Final Fantasy VII": a name inside a sentence (not "Give IV fluids").
        ("roman after a name", r"(?<=[a-z] )(?P<word>[A-Z][a-z]+)\s+"
                               r"(?P<roman>II|III|IV|VI|VII|VIII|IX|XI|XII|XIII)\b",
         _roman_cardinal, 0),
        # Opening a sentence ("Rocky II is"), not IV or VI, which are also initialisms.
        ("roman after an opening name", r"^(?P<word>[A-Z][a-z]+)\s+"
                                        r"(?P<roman>II|III|VII|VIII|IX|XI|XII)\b(?=\s+[a-z])",
         _roman_cardinal, 0),
        # "Rocky IV is a bad movie"; "Give IV fluids now" is intravenous.
        ("iv or vi after an opening name", r"^(?P<word>[A-Z][a-z]+)\s+(?P<roman>IV|VI)\b(?=\s+(?:is|was|"
                                           r"came|comes|has|had|won|lost|made|makes|remains|"
                                           r"became|starts|ends|opens|features|stars|holds|"
                                           r"beat|beats)\b)", _roman_cardinal, 0),
        ("dotted initialism", r"(?<![\w.])(?:[A-Za-z]\.){2,}(?![\w])", _dotted_initialism, 0),
        ("camel case", r"(?<![\w'])[A-Z]?[a-z]+(?:[A-Z][a-z]+)+\b|(?<![\w'])[A-Z]{2,}[a-z]{3,}\b",
         _camel, 0),
        ("letter a", r"(?<![\w.'’&/-])A(?![\w.'’&/-])", _bare_letter_a, 0),
        ("caps", r"(?<![\w'])(?P<word>[A-Z]{2,})(?P<plural>'?s)?(?![\w'])(?P<hyphen>-(?=[a-z]))?",
         _caps, 0),
        ("symbol", sym_re, _symbol, 0),
    ]
    return [(name, re.compile(pattern, flags), handler) for name, pattern, handler, flags in raw]


RULES: list[Rule] = _rules()
"""The normalization rules, in the order they run: (name, pattern, handler)."""

# Punctuation clean-up, applied after the rules (pattern -> replacement).
_PUNCTUATION: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r'"'), " "),
    (re.compile(r"(?<!\w)'(?=[A-Za-z][^']*'(?!\w))|(?<=[a-z,.!?])'(?=\s|$)(?<!s')"), ""),
    (re.compile(r"\s*(?:—|--+|\s[–-]\s)\s*"), ", "),
    (re.compile(r"(?<=\w)–(?=\w)"), "-"),
    (re.compile(r"^\s*[–-]\s+"), ""),
    (re.compile(r"\s*\(\s*"), ", "),
    (re.compile(r"\s*\)\s*"), ", "),
    (re.compile(r"(?:\.\s?){3,}(?=[\s\"')]*[.?!]*[\s\"')]*$)"), "."),
    (re.compile(r"\s*(?:\.\s?){3,}\s*(?=[A-Z])"), ". "),
    (re.compile(r"\s*(?:\.\s?){3,}\s*"), ", "),
    (re.compile(r"\s+([,.;:?!])"), r"\1"),
    (re.compile(r"[,;:]+(?=[.?!])"), ""),
    (re.compile(r"([.?!][.?!]+)"),
     lambda m: "?" if "?" in m.group(1) else "!" if "!" in m.group(1) else "."),
    (re.compile(r"([,;:])[,;:]+"), r"\1"),
    (re.compile(r"(?<=[.?!])[,;:]+"), ""),
    (re.compile(r"^[\s,.;:?!]+"), ""),
    (re.compile(r"[ \t]*\n[ \t\n]*"), " "),
    (re.compile(r"\s{2,}"), " "),
    (re.compile(r"(?<=[,;:])(?=[^\s\d])"), " "),
    (re.compile(r"[,;:]\s*$"), ""),
]

_PHONEME_TAIL = re.compile(r"\[\[(.*?)\]\]([,.;:?!]+)")

#: A possessive after a [[ phonemes ]] block is phonemized on its own, and espeak-ng
#: reads a lone "'s" as the letter: "Duckworth's book" came out "Duckworth ess
#: book". The ending goes into the block, said as English says it after that sound.
_PHONEME_POSSESSIVE = re.compile(r"\[\[(.*?)\s*\]\]['’]s\b")


def _possessive_phonemes(match: re.Match[str]) -> str:
    phonemes = match.group(1).strip()
    last = phonemes.rstrip("ˈˌːˑ")[-1:]
    if last in ("s", "z", "ʃ", "ʒ") or phonemes.endswith(("tʃ", "dʒ")):
        ending = "ɪz"
    elif last in ("p", "t", "k", "f", "θ"):
        ending = "s"
    else:
        ending = "z"
    return f"[[ {phonemes}{ending} ]]"


#: espeak-ng (Piper's phonemizer, and the system voice on Linux) joins these
#: words with a following "a" ("was a" -> "wuzza") even when the "A" is a letter
#: of a dotted initialism, and then reads the periods: "was A.A." came out as
#: "was a dot A dot". A zero-width space between the two words (invisible to
#: every engine) keeps the letters apart: "was A.A." is read "was A A".
_ESPEAK_JOINS_A = re.compile(
    r"\b((?i:at|for|not|of|than|that|was)) (?=[Aa]\.[A-Za-z]\b|A\.\s|A-[A-Z](?:-[A-Z])*'s)")

#: Piper phonemizes the text on each side of a [[ phonemes ]] block on its own, so
#: an article right before a block ends its piece and espeak-ng reads it as the
#: letter: "make me a [[ paella ]]" came out as "make me A paella". The article
#: goes into the block instead.
_ARTICLE_BEFORE_PHONEMES = re.compile(r"\b([Aa]n?) \[\[\s*")


def _into_phoneme_blocks(text: str) -> str:
    """What touches a [[ phonemes ]] block goes into it.

    Piper phonemizes the text on each side of a block on its own: punctuation right
    after a block is dropped (and the next word run into it), a lone "'s" is read
    as the letter, and an article right before one as the letter A."""
    text = _PHONEME_POSSESSIVE.sub(_possessive_phonemes, text)
    text = _PHONEME_TAIL.sub(lambda m: f"[[ {m.group(1).strip()}{m.group(2)} ]]", text)
    return _ARTICLE_BEFORE_PHONEMES.sub(
        lambda m: "[[ ɐn " if m.group(1).lower() == "an" else "[[ ɐ ", text)


#: espeak-ng takes the period of an initialism inside a sentence for the end of
#: one ("the U.S. | Department of Labor", "John P. | Smith", "Roe v. | Wade":
#: falling pitch and a pause mid-sentence) and swallows a comma or semicolon after
#: it ("flying A.A., everyone" lost its pause). Such a period goes where the text
#: says it does not end a sentence: before a comma, a lowercase word, or a word that
#: continues a name ("U.S Department", "p.m Eastern Time", "John P Smith", "Roe v
#: Wade"); espeak-ng still reads the letters one by one. Before any other capital
#: the period stays, and espeak-ng ends the sentence there, because "I moved to the
#: U.S. It's been ten years" is two (`split_sentences` does not know every way a
#: sentence can start). A single "A" keeps its period: without it, it is the article.
_INITIALISM_PERIOD = re.compile(
    r"(?<![\w.])((?:[A-Za-z]\.)+[A-Za-z]|[A-Z]|v)\.(?:(?=[,;:])|(?=\s+([\w’'.-]+)))")

#: Capitalized words that continue a name after an initialism: "the U.S. Army".
_NAME_CONTINUATIONS = frozenset("""
Department Army Navy Air Marine Marines Coast Senate House Congress Government Embassy Postal
Census Supreme Court Courts Treasury Attorney Secretary Forest Geological Patent Capitol
Constitution Bank Dollar Route Highway Interstate Open Finals Championship Championships
Series Cup League Security Council General Assembly Box Code Act Circuit Corporation Company
Inc Ltd District Office Agency Bureau Service Services Mint Mission Ambassador
Standard Daylight Time Summer Street Avenue Road Boulevard Beetle World News Radio Online
Edition Dictionary Part Title Chapter Rule Companies Monday Tuesday Wednesday Thursday Friday
Saturday Sunday
""".split()) | _ZONE_NAMES


def _initialism_period(m: re.Match[str]) -> str:
    letters, following = m.group(1), (m.group(2) or "").rstrip(".,;:!?'’") or None
    if letters == "A":
        return _letter_a(m, following)
    if following is None or not following[:1].isupper():
        return letters  # a comma or a lowercase word follows
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]?\.?", m.group(2)) or following in _NAME_CONTINUATIONS:
        return letters  # "the E.U. A.I. Act", "the U.S. Army"
    if len(letters) == 1 and following not in _SENTENCE_STARTERS and following not in ("I", "A"):
        if letters == "v" or _in_a_name(m.string[:m.start()]):
            return letters  # "John P. Smith", "J. R. R. Tolkien", "Roe v. Wade"
    return m.group(0)


#: A quoted question or exclamation inside a sentence (a title): once the quotes
#: are gone, espeak-ng ends the sentence at its mark, so "was on When do you become an
#: adult? and how it's been" fell in pitch and stopped before "and". A comma keeps
#: the sentence going, when a word comes before the quotation and a word that
#: continues the sentence after it; dialogue ("Where are you?" my mom asked) keeps
#: its question.
_INNER_QUESTION = re.compile(
    r"(?<=\w)[?!]+(?=[”\"’']\s+(?:and|or|but|nor|that|which|is|was|are|were|has|had|have|in|on|"
    r"at|to|for|from|by|with|about|as|because|so|than|when|where|while|into|of|made|makes|"
    r"became|becomes|remains|seems)\b)")


def _inner_question(m: re.Match[str]) -> str:
    before = m.string[:m.start()]
    opening = max(before.rfind("“"), before.rfind('"'), before.rfind("‘"), before.rfind(" '"))
    if opening <= 0 or not re.search(r"\w", before[:opening]) \
            or re.search(r"[,:]\s*$", before[:opening]):  # asked, "What now?" and
        return m.group(0)
    if "?" in m.group(0) or m.string[m.end()] == "'":
        return ","
    return ""  # "Watching “Jeopardy!” makes me happy"


#: An initialism's period before a question or exclamation mark ("run it as A.B.?"),
#: which espeak-ng reads as a statement.
_PERIOD_BEFORE_MARK = re.compile(r"(?<=\b[A-Za-z])\.(?=[?!])")

#: An abbreviation's period left before a comma ("24 pounds., which"): espeak-ng
#: drops the comma after it.
_STRAY_PERIOD = re.compile(r"(?<=[a-z]{2})\.(?=[,;:])")

#: An exclamation in an aside, "(10 yrs!) is in June": espeak-ng ends the sentence at it.
_ASIDE_EXCLAMATION = re.compile(r"(?<=\w)!+(?=\)\s+[a-z])")

#: A sentence's period after an initialism's own ("in H.R.."): espeak-ng keeps
#: the extra period for the next text it reads, which then starts with "dot".
_DOUBLE_PERIOD = re.compile(r"(?<=\b[A-Za-z]\.)\.+(?![\w.])")

#: Unicode name prefixes of letters that are not another script: "Hawaiʻi", "nº", "1ª".
_NOT_OTHER_SCRIPTS = ("LATIN", "DIGIT", "MODIFIER", "MASCULINE", "FEMININE")
_PHONEME_BLOCK = re.compile(r"\[\[.*?\]\]")
_OTHER_SCRIPT_WORD = re.compile(r"[^\W\d_]*[^\W\da-zA-Z_\u00c0-\u024f][^\W\d_]*")
_THIN_SPACE_THOUSANDS = re.compile(r"(?<=\d)[\u2009\u202f\u00a0](?=\d{3}(?!\d))")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_FULL_WIDTH = re.compile("[\uff01-\uff5e]")
_STACKED_MARKS = re.compile("[\u1e00-\u1eff\u01a0\u01a1\u01af\u01b0]")
_SPEAKABLE_CHAR = re.compile(r"[^\w\s.,;:?!'\-\ue000-\uf8ff]|_")


# =============================================================== public api

def speakable(text: str, lexicon: Lexicon | None = None) -> str:
    """One piece of written text -> the words a voice should say."""
    return _normalize(text, _Context(lexicon))


def lint(text: str, lexicon: Lexicon | None = None) -> tuple[str, list[str]]:
    """The spoken form of `text`, and the tokens in it that could not be made
    speakable with confidence: unknown all-caps words (read letter by letter, or
    guessed as a word) and symbols that were dropped. Add a lexicon entry to fix
    each one."""
    ctx = _Context(lexicon)
    spoken = _normalize(text, ctx)
    for word in _OTHER_SCRIPT_WORD.findall(_PHONEME_BLOCK.sub(" ", spoken)):
        if any(unicodedata.name(ch, "").split(" ")[0] not in _NOT_OTHER_SCRIPTS
               for ch in word if ch.isalpha()):
            ctx.flag(word)  # "東京": espeak-ng says "Chinese letter" for each
    return spoken, list(ctx.unknown)


def _normalize(text: str, ctx: _Context) -> str:
    text = unicodedata.normalize("NFC", text)
    # Private-use characters (icon fonts, the Apple logo) have no sound, and the
    # normalizer's own placeholders are private-use: drop them before anything.
    text = _PRIVATE_USE.sub("", text)
    text = _INNER_QUESTION.sub(_inner_question, text)
    text = _ASIDE_EXCLAMATION.sub("", text)
    text = _THIN_SPACE_THOUSANDS.sub("", text)  # "1 234 567" typeset with thin spaces
    text = _FULL_WIDTH.sub(lambda m: chr(ord(m.group(0)) - 0xFEE0), text)  # "５０％" is "50%"
    # espeak-ng has no name for letters with stacked marks ("Phở", "Nguyễn"): it read
    # "letter 1EDF". Their base letter is the closest it can say.
    text = _STACKED_MARKS.sub(lambda m: "".join(
        ch for ch in unicodedata.normalize("NFD", m.group(0)) if not unicodedata.combining(ch)), text)
    text = "".join(CHARACTERS.get(ch, ch) for ch in text)
    if ctx.lexicon is not None:
        pieces, last = [], 0
        for start, end, said in ctx.lexicon.spans(text):
            pieces.append(text[last:start])
            pieces.append(ctx.protect(said))
            last = end
        pieces.append(text[last:])
        text = "".join(pieces)
    for _name, pattern, handler in RULES:
        text = pattern.sub(lambda m, h=handler: h(m, ctx), text)
    text = _STRAY_PERIOD.sub("", text)
    for pattern, replacement in _PUNCTUATION:
        text = pattern.sub(replacement, text)
    text = _SPEAKABLE_CHAR.sub(lambda m: _leftover(m, ctx), text)
    for pattern, replacement in _PUNCTUATION[-5:]:
        text = pattern.sub(replacement, text)
    text = ctx.restore(text)
    text = _into_phoneme_blocks(text)
    text = re.sub(r"\s{2,}", " ", text).strip()
    text = _DOUBLE_PERIOD.sub("", text)
    text = _INITIALISM_PERIOD.sub(_initialism_period, text)
    text = _PERIOD_BEFORE_MARK.sub("", text)
    text = _ESPEAK_JOINS_A.sub("\\1 \u200b", text)
    return text if re.search(r"\w", text) else ""


# ------------------------------------------------------------ sentences

#: Words ending in a period that do not end a sentence (lowercased, no period).
_NON_FINAL = frozenset("""
mr mrs ms mx dr st prof gen sen rep gov capt lt sgt rev hon pres fr mt ft
e.g i.e vs v cf viz approx ca fig vol ch pp p no nos a.k.a incl esp ext bldg
""".split())
#: Abbreviations that come after a word ("5th Ave.", "Acme Inc.", "Elm St."): their
#: period also ends the sentence when a usual sentence starter follows.
_CAN_END = frozenset("""
jr sr ave blvd rd hwy pkwy apt est col maj cpl pvt adm cmdr op inc ltd corp co bros dept univ
ph.d misc jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri
sat sun
""".split())
#: Said before a name ("Dr. Smith", "St. Louis") or after one ("Oak Dr.", "Elm St.").
_BEFORE_OR_AFTER_NAME = frozenset(("dr", "st"))
#: Words that usually start a sentence, so a dotted initialism before them ends one.
_SENTENCE_STARTERS = frozenset("""
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
#: After a quotation, "Name said" continues the sentence.
_SPEECH_TAG = re.compile(r"[A-Z][a-z]*\s+(?:said|asked|says|asks|replied|exclaimed|added|"
                         r"shouted|whispered|wrote|told|answered|laughed|cried)\b")

_BOUNDARY = re.compile(
    r"""(?P<end>[.?!]+|\.\.\.|…)(?P<close>["'”’)\]]*)(?P<space>\s+)(?=(?P<next>["'“‘(\[]*\S+))""")


def _after_a_name(before: str) -> bool:
    """Whether the last word of `before` follows a capitalized word that does not
    start the sentence: "on Elm St", not "See Dr"."""
    return bool(re.search(r"[^.!?\s]\s+[A-Z][a-z]+\s+\S+$", before))


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences.

    Not fooled by abbreviations ("Dr.", "e.g."), initialisms ("U.S."), decimals
    ("4.5"), times ("6:40 p.m." ends a sentence only before a capital), ellipses
    followed by lowercase words, or punctuation inside quotes."""
    text = text.strip()
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        nxt = m.group("next").lstrip("\"'“‘([")
        if re.match(r"[~≈$€£#]\d", nxt):
            nxt = nxt[1:]  # "~30 minutes later." or "$5 was enough." starts a sentence
        starter = nxt.rstrip(",.;:").replace("’", "'")
        if not nxt or not (nxt[0].isupper() or nxt[0].isdigit()):
            continue
        if m.group("end").startswith(".") and len(m.group("end")) == 1 and not m.group("close"):
            word = re.search(r"(\S+)$", text[start:m.start()])
            written = word.group(1).lstrip("\"'“‘([").rstrip(".") if word else ""
            token = word.group(1).lower().lstrip("\"'“‘([") if word else ""
            bare = token.rstrip(".")
            if bare in _CAN_END or (bare in _BEFORE_OR_AFTER_NAME and _after_a_name(
                    text[start:m.start()])):
                if starter not in _SENTENCE_STARTERS or starter == "A":
                    continue  # "Apt. A on the second floor"
            elif token in _NON_FINAL or bare in _NON_FINAL:
                continue
            elif nxt[0].isdigit() and (written in NUMBERED_PARTS
                                       or _GERMAN_STREET.fullmatch(written)):
                continue  # "see Art. 17", "(Eq. 5)"; a German street: "Hauptstr. 5"
            elif bare in ("lb", "lbs") and re.match(r"\d+\s?oz\b", text[m.end("space"):]):
                continue  # "7 lbs. 6 oz."
            elif _inline_list_item(text[start:m.start()], text[m.end():]):
                continue  # an inline list: "My top three: 1. SZA; 2. boygenius"
            elif start == 0 and _ROMAN_HEADING_NUMBER.fullmatch(text[:m.start()]):
                continue  # a numbered heading: "II. Window"
            if re.fullmatch(r"(?:[a-z]\.)+[a-z]", token):  # "U.S." or "a.m."
                if token not in ("a.m", "p.m") and starter not in _SENTENCE_STARTERS:
                    continue
                if token in ("a.m", "p.m") and (re.match(r"[A-Za-z]*", starter).group(0) in TIME_ZONES
                                                or starter in _TIME_ZONE_WORDS):
                    continue  # "3 p.m. EST tomorrow"
            if re.fullmatch(r"[a-z]", token) and text[m.start() - 2:m.start() - 1] in (" ", ""):
                # A single initial: "J. Smith", "Angela E. Oh"; not "Plan B. We had no
                # choice.", "I got a C. I was devastated."
                before = re.search(r"(\S+)\s+\S+$", text[start:m.start()])
                in_name = before is not None and before.group(1)[:1].isupper() \
                    and before.group(1).lower() not in _LETTER_LABELS
                if token != "i" and (in_name or nxt.endswith(".")
                                     or starter not in _SENTENCE_STARTERS):
                    continue
        so_far = text[start:m.end("close")]
        if so_far.count("(") > so_far.count(")") and len(so_far) < 600:
            continue  # inside a parenthetical: "(cappuccinos, anyone? And ...)"
        if m.group("close") and _SPEECH_TAG.match(text, m.end("space")):
            continue  # "Really?" I asked.
        sentence = text[start:m.end("close")].strip()
        if sentence:
            sentences.append(sentence)
        start = m.end("space")
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


# ------------------------------------------------------------ clauses

_CLAUSE_MIN_WORDS = 3


def _split_clauses(sentence: str) -> list[str]:
    """Split a sentence at em dashes, spaced en dashes and parentheticals, keeping
    each written piece readable (dashes and brackets stay with their words).
    Pieces shorter than three words are not split off."""
    pieces: list[str] = []
    buf = ""
    depth = 0
    i = 0
    # After a quoted question the sentence goes on ('was on “When do you become an
    # adult?” and how'): a clause of its own. Read as one utterance with a comma for the
    # mark, Piper slurred what followed: "that eighteen has been" was heard as "a team"
    # or "Aene" in 6 of 6 takes, and right in 6 of 6 as two clauses.
    after_question = {m.end() + 1 for m in _INNER_QUESTION.finditer(sentence)
                      if "?" in m.group(0) and _inner_question(m) == ","}
    while i < len(sentence):
        ch = sentence[i]
        if i in after_question and depth == 0 and buf.strip():
            pieces.append(buf)
            buf = ""
        if ch == "(":
            if depth == 0 and buf.strip():
                pieces.append(buf)
                buf = ""
            depth += 1
            buf += ch
        elif ch == ")":
            buf += ch
            if depth > 0:
                depth -= 1
                if depth == 0:
                    # Trailing punctuation belongs with the parenthetical.
                    tail = re.match(r"[.,;:?!…\"”’']*", sentence[i + 1:]).group(0)
                    buf += tail
                    i += len(tail)
                    pieces.append(buf)
                    buf = ""
        elif depth == 0 and (ch == "—" or (ch in "–-" and sentence[i - 1:i] == " "
                                          and sentence[i + 1:i + 2] == " ")):
            buf += ch
            pieces.append(buf)
            buf = ""
        else:
            buf += ch
        i += 1
    if buf.strip():
        pieces.append(buf)
    # Merge pieces that are too short to stand alone.
    merged: list[str] = []
    for piece in pieces:
        if merged and (_words(piece) < _CLAUSE_MIN_WORDS or _words(merged[-1]) < _CLAUSE_MIN_WORDS):
            merged[-1] = merged[-1] + piece
        else:
            merged.append(piece)
    if len(merged) > 1 and _words(merged[-1]) < _CLAUSE_MIN_WORDS:
        last = merged.pop()
        merged[-1] += last
    return [p.strip() for p in merged if p.strip()]


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _split_long(text: str, limit: int = MAX_UTTERANCE_CHARS) -> list[str]:
    """Split a too-long piece at semicolons, then commas, then spaces."""
    if len(text) <= limit:
        return [text]
    for separator in (r"(?<=[;:])\s+", r"(?<=,)\s+", r"\s+"):
        parts = re.split(separator, text)
        if len(parts) == 1:
            continue
        chunks: list[str] = []
        buf = ""
        for part in parts:
            candidate = f"{buf} {part}".strip() if buf else part
            if len(candidate) > limit * 0.75 and buf:
                chunks.append(buf)
                buf = part
            else:
                buf = candidate
        if buf:
            chunks.append(buf)
        if len(chunks) > 1:
            return [c for chunk in chunks for c in _split_long(chunk, limit)]
    # No separator at all: cut hard.
    return [text[i:i + limit] for i in range(0, len(text), limit)]


# ------------------------------------------------------------ script

_PAUSE_RANK = {Pause.NONE: 0, Pause.CLAUSE: 1, Pause.SENTENCE: 2, Pause.PARAGRAPH: 3,
               Pause.TITLE: 4, Pause.SECTION: 5}


@dataclass
class _Builder:
    lexicon: Lexicon
    interview: bool = False
    """Paragraphs open with "Q:" and "A:" labels, said as "Question:" and "Answer:"."""
    utterances: list[Utterance] = field(default_factory=list)
    pending: Pause | None = None
    """Pause of a dropped utterance, to give to the previous one."""

    def say(self, written: str, chapter: int, pause: Pause) -> None:
        """Add one sentence (or heading), split into clauses and chunks."""
        pieces = [pair for clause in _split_clauses(written)
                  for pair in self._chunks(clause, MAX_UTTERANCE_CHARS)]
        for n, (piece, spoken) in enumerate(pieces):
            self._add(piece, spoken, chapter, pause if n == len(pieces) - 1 else Pause.CLAUSE)

    def _chunks(self, written: str, limit: int) -> list[tuple[str, str]]:
        """(written, spoken) pieces whose spoken form fits MAX_UTTERANCE_CHARS.
        Spelled-out numbers make spoken text longer than written, so a piece
        that grows too long is split again, written side first, to keep the
        two aligned for transcripts."""
        result = []
        for piece in _split_long(written, limit):
            spoken = speakable(piece, self.lexicon)
            if len(spoken) <= MAX_UTTERANCE_CHARS:
                result.append((piece, spoken))
            elif limit > 60 and len(piece) > 1:
                result.extend(self._chunks(piece, max(limit // 2, 60)))
            else:
                result.extend((piece if i == 0 else part, part)
                              for i, part in enumerate(_split_long(spoken)))
        return result

    def _add(self, written: str, spoken: str, chapter: int, pause: Pause) -> None:
        if not re.search(r"\w", spoken):
            self._upgrade_last(pause)
            return
        if pause is Pause.CLAUSE and not re.search(r"[,;:.?!]$", spoken):
            spoken += ","
        elif pause is not Pause.CLAUSE and spoken[-1] not in ".?!":
            spoken = spoken.rstrip(",;:") + "."
        self.utterances.append(Utterance(written=written.strip(), spoken=spoken,
                                         pause_after=pause, chapter_index=chapter))

    def _upgrade_last(self, pause: Pause) -> None:
        if not self.utterances:
            return
        last = self.utterances[-1]
        if _PAUSE_RANK[pause] > _PAUSE_RANK[last.pause_after]:
            self.utterances[-1] = Utterance(last.written, last.spoken, pause, last.chapter_index)

    def set_last_pause(self, pause: Pause, chapter: int) -> None:
        """Give the last utterance of `chapter` at least `pause`."""
        if self.utterances and self.utterances[-1].chapter_index == chapter:
            self._upgrade_last(pause)

    def paragraph(self, text: str, chapter: int, end: Pause) -> None:
        label = _QA_LABEL.match(text) if self.interview else None
        if label:  # "Q: Why here?" is "Question: Why here?" ("A:" alone reads "uh")
            self._add(label.group(0).strip(), _QA_SPOKEN[label.group(1)], chapter, Pause.CLAUSE)
            text = text[label.end():]
        sentences = split_sentences(text)
        for n, sentence in enumerate(sentences):
            self.say(sentence, chapter, end if n == len(sentences) - 1 else Pause.SENTENCE)


_QA_LABEL = re.compile(r"(Q|A):\s+(?=\S)")
_QA_SPOKEN = {"Q": "Question:", "A": "Answer:"}


def _is_interview(episode: Episode) -> bool:
    """Some paragraph opens with "Q:" and another with "A:" (not a lone "A: red")."""
    openings = {m.group(1) for chapter in episode.chapters for section in chapter.sections
                for paragraph in section.paragraphs if (m := _QA_LABEL.match(paragraph))}
    return openings == {"Q", "A"}


def _same(a: str | None, b: str | None) -> bool:
    norm = lambda s: re.sub(r"\W+", " ", s or "").strip().lower()  # noqa: E731
    return bool(a) and bool(b) and norm(a) == norm(b)


def make_script(episode: Episode, *, intro: str, outro: str, lexicon: Lexicon) -> Script:
    """The script of one episode.

    Chapters: 0 is "Intro" (the filled intro wording, then the episode title,
    followed by a TITLE pause; the title is not repeated when the intro already
    says it), then one chapter per `episode.chapters` entry, then "Outro".

    Inside a chapter: the chapter title is spoken (TITLE pause) unless it repeats
    the episode title or the chapter's first section heading; each section
    heading is spoken (TITLE pause); sentences get SENTENCE, the last sentence of
    a paragraph PARAGRAPH, the last of a section SECTION. Em dashes and
    parentheticals become separate utterances joined by CLAUSE pauses. Sentences
    whose spoken form would be empty are dropped (their pause moves to the
    utterance before); long ones are cut at semicolons and commas so that no
    spoken text exceeds MAX_UTTERANCE_CHARS. The script's last utterance has
    Pause.NONE.
    """
    builder = _Builder(lexicon, interview=_is_interview(episode))
    titles = ["Intro"] + [chapter.title for chapter in episode.chapters] + ["Outro"]

    intro_text = _without_repeats(intro.strip())
    if intro_text:
        builder.paragraph(intro_text, 0, Pause.PARAGRAPH)
    if not _mentions(intro_text, episode.title):
        builder.say(episode.title, 0, Pause.TITLE)
    else:
        builder.set_last_pause(Pause.TITLE, 0)

    for index, chapter in enumerate(episode.chapters, start=1):
        first_heading = chapter.sections[0].title if chapter.sections else None
        if chapter.title and not _same(chapter.title, episode.title) and \
                not _same(chapter.title, first_heading):
            builder.say(chapter.title, index, Pause.TITLE)
        for s_n, section in enumerate(chapter.sections):
            if section.title and not (s_n == 0 and _same(section.title, episode.title)):
                builder.say(section.title, index, Pause.TITLE)
            paragraphs = [p for p in section.paragraphs if p.strip()]
            for p_n, paragraph in enumerate(paragraphs):
                end = Pause.SECTION if p_n == len(paragraphs) - 1 else Pause.PARAGRAPH
                builder.paragraph(paragraph, index, end)
            builder.set_last_pause(Pause.SECTION, index)

    outro_index = len(titles) - 1
    if outro.strip():
        builder.paragraph(outro.strip(), outro_index, Pause.PARAGRAPH)

    utterances = builder.utterances
    if utterances:
        last = utterances[-1]
        utterances[-1] = Utterance(last.written, last.spoken, Pause.NONE, last.chapter_index)
    return Script(episode=episode, utterances=tuple(utterances), chapter_titles=tuple(titles))


def _without_repeats(text: str) -> str:
    """A sentence said again right after itself once: a show named like its only
    essay would open "Lists. Lists."."""
    kept: list[str] = []
    for sentence in split_sentences(text):
        if not (kept and _same(kept[-1], sentence)):
            kept.append(sentence)
    return " ".join(kept)


def _mentions(text: str, title: str) -> bool:
    norm = lambda s: re.sub(r"\W+", " ", s).strip().lower()  # noqa: E731
    return bool(title.strip()) and f" {norm(title)} " in f" {norm(text)} "



_BREAKS_AFTER = frozenset({Pause.PARAGRAPH, Pause.SECTION, Pause.TITLE})


def render_script(script: Script) -> str:
    """What the voice will be given, as text a writer can read through: each chapter
    under its title, a paragraph to a line, "|" where a clause pause falls."""
    lines: list[str] = []
    for chapter, utterances in itertools.groupby(script.utterances, lambda u: u.chapter_index):
        text = "".join(u.spoken + (" |" if u.pause_after is Pause.CLAUSE else "")
                       + ("\n" if u.pause_after in _BREAKS_AFTER else " ") for u in utterances)
        lines += ["", f"[{script.chapter_titles[chapter]}]", text.strip()]
    return "\n".join(lines).strip("\n") + "\n"
