"""Terms of an article for similarity: folded, stop words dropped, stemmed. Pure.

Arabic is folded with ``normalize_arabic`` (diacritics, tatweel, alef/yaa/taa-marbuta
forms, Arabic-Indic digits) before stemming, so spelling variants meet on one stem;
both languages use the Snowball stemmers of PyStemmer.
"""

import re
import threading

import Stemmer

from core.text import TAA_MARBUTA, normalize_arabic

_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)

# Function words and newsroom boilerplate that say nothing about a story's subject.
_ARABIC_STOP_WORDS = """
في من على إلى الى عن أن ان إن لن لم لا ما ماذا مع بين بعد قبل عند عندما حتى إذا اذا كما كان كانت
يكون تكون كانوا هذا هذه ذلك تلك هؤلاء التي الذي الذين اللذين اللتين اللواتي هو هي هم هن نحن أنا
انت أنت أو او ثم قد لقد كل بعض غير أي اي أيضا ايضا فقط حيث منذ خلال ضمن دون حول نحو لدى لكن
وقد وقال قال قالت وقالت يقول تقول وأضاف واضاف أضاف اضاف وأكد واكد أكد اكد وأشار واشار أشار اشار
وذكر ذكر وأوضح اوضح أوضح وتابع تابع وفق وفقا بحسب حسب عبر إنه انه إنها انها أنه أنها بأن بان
لأن لان كذلك هناك هنا الآن الان اليوم أمس امس يوم عام سنة العام السنة الماضي الحالي المقبل مساء
صباح ليلة أكثر اكثر أقل اقل جدا جميع عدة عدد أول اول آخر اخر أخرى اخرى الأول الاول الثاني إطار اطار
وهو وهي وهم وفي ومن وعلى وإلى والى وعن وأن وان ولا وما ومع وبين وبعد وقبل وكان وكانت وهذا وهذه
وذلك والتي والذي وكل بها به فيها فيه منها منه عليها عليه إليها اليها إليه اليه لها له لهم بهم فيهم
عليهم منهم إلا الا ليس ليست يمكن تم يتم وتم كما إذ اذ سوف لو لكي كي ومنها بشأن شأن
"""
_ENGLISH_STOP_WORDS = """
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just
me more most my myself no nor not now of off on once only or other our ours ourselves out over own
said same says she should so some such than that the their theirs them themselves then there these
they this those through to too under until up very was we were what when where which while who whom
why will with would you your yours yourself yourselves mr mrs ms one two new year years told
"""
STOP_WORDS = {
    "ar": frozenset(normalize_arabic(word) for word in _ARABIC_STOP_WORDS.split()),
    "en": frozenset(_ENGLISH_STOP_WORDS.split()),
}
STEMMER_LANGUAGES = {"ar": "arabic", "en": "english"}
_local = threading.local()  # PyStemmer objects keep a cache and are not shared across threads


def _stemmer(language: str) -> "Stemmer.Stemmer | None":
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    if language not in stemmers:
        algorithm = STEMMER_LANGUAGES.get(language)
        stemmers[language] = Stemmer.Stemmer(algorithm) if algorithm else None
    return stemmers[language]


def words(text: str, language: str) -> list[str]:
    """Folded words of ``text``, without stop words and numbers."""
    return [word.translate(TAA_MARBUTA) for word in _unfolded_words(text, language)]


# The stop words as they may be spelled before «ة» is folded: checked word by word, the
# set lookup is cheaper than folding every word first.
_UNFOLDED_STOP_WORDS = {
    language: words | {word[:-1] + "\u0629" for word in words if word.endswith("\u0647")}
    for language, words in STOP_WORDS.items()
}


def _unfolded_words(text: str, language: str) -> list[str]:
    # Taa marbuta stays until after stemming: Snowball strips «ة» from «الحكومة» and
    # «حكومة» alike, but not «ه» from «الحكومه».
    stop = _UNFOLDED_STOP_WORDS.get(language, frozenset())
    return [
        word for word in _WORD.findall(normalize_arabic(text, fold_taa_marbuta=False)) if word not in stop
    ]


def terms(text: str, language: str) -> list[str]:
    """The stems ``text`` is compared on."""
    found = _unfolded_words(text, language)
    stemmer = _stemmer(language)
    if stemmer is not None:
        found = stemmer.stemWords(found)
    stop = STOP_WORDS.get(language, frozenset())
    folded = (stem.translate(TAA_MARBUTA) if "\u0629" in stem else stem for stem in found)
    return [stem for stem in folded if len(stem) > 1 and stem not in stop]
