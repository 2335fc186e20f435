"""Plausible bilingual filler articles, built from parallel Arabic/English phrases.

Every phrase is stored with its translation, so the English article really is the
translation of the Arabic one. Arabic phrases are chosen so that they combine without
case endings changing: objects are definite, in construct or end in taa marbuta, and a
verb agrees with the gender of its subject (``m``/``f``).

Pure functions of a ``random.Random``: the same generator state gives the same article.
"""

import random
from dataclasses import dataclass, field

from . import paragraphs_html

# (past masculine, past feminine, present masculine, present feminine, English past, English present)
Verb = tuple[str, str, str, str, str, str]
# (Arabic, gender of the Arabic noun, English)
Subject = tuple[str, str, str]
Pair = tuple[str, str]

VERBS: list[Verb] = [
    ("أعلن", "أعلنت", "يعلن", "تعلن", "announced", "announces"),
    ("ناقش", "ناقشت", "يناقش", "تناقش", "discussed", "discusses"),
    ("استعرض", "استعرضت", "يستعرض", "تستعرض", "reviewed", "reviews"),
    ("أقر", "أقرت", "يقر", "تقر", "approved", "approves"),
    ("درس", "درست", "يدرس", "تدرس", "examined", "examines"),
    ("قدم", "قدمت", "يقدم", "تقدم", "presented", "presents"),
    ("دعم", "دعمت", "يدعم", "تدعم", "backed", "backs"),
    ("أطلق", "أطلقت", "يطلق", "تطلق", "launched", "launches"),
    ("تبنى", "تبنت", "يتبنى", "تتبنى", "adopted", "adopts"),
]

OPINION_VERBS: list[Verb] = [
    ("قدم", "قدمت", "يقدم", "تقدم", "presented", "presents"),
    ("ناقش", "ناقشت", "يناقش", "تناقش", "discussed", "discusses"),
    ("انتقد", "انتقدت", "ينتقد", "تنتقد", "criticised", "criticises"),
    ("تناول", "تناولت", "يتناول", "تتناول", "addressed", "addresses"),
    ("طرح", "طرحت", "يطرح", "تطرح", "put forward", "puts forward"),
]

TIMES: list[Pair] = [
    ("اليوم", "today"),
    ("صباح اليوم", "this morning"),
    ("مساء أمس", "yesterday evening"),
    ("يوم الأحد", "on Sunday"),
    ("يوم الاثنين", "on Monday"),
    ("يوم الثلاثاء", "on Tuesday"),
    ("يوم الأربعاء", "on Wednesday"),
    ("يوم الخميس", "on Thursday"),
]

PLACES: list[Pair] = [
    ("في العاصمة", "in the capital"),
    ("خلال اجتماع موسع", "at an expanded meeting"),
    ("في مؤتمر صحفي", "at a news conference"),
    ("في القاهرة", "in Cairo"),
    ("في الرياض", "in Riyadh"),
    ("في عمّان", "in Amman"),
    ("في الدوحة", "in Doha"),
    ("في بيروت", "in Beirut"),
    ("في الرباط", "in Rabat"),
    ("في تونس", "in Tunis"),
    ("في جنيف", "in Geneva"),
    ("في بروكسل", "in Brussels"),
]

REASONS: list[Pair] = [
    (
        "في خطوة تهدف إلى تحقيق نتائج ملموسة خلال الفترة المقبلة",
        "in a step aimed at achieving tangible results in the coming period",
    ),
    ("وسط اهتمام واسع من المتابعين", "amid wide interest from observers"),
    ("في ظل تحديات متزايدة", "amid growing challenges"),
    ("بعد أسابيع من المشاورات", "after weeks of consultations"),
    ("استجابة لمطالب متكررة", "in response to repeated demands"),
]

SPEAKERS: list[Subject] = [
    ("متحدث رسمي", "m", "an official spokesman"),
    ("مصدر مطلع", "m", "an informed source"),
    ("مسؤولة في الجهة المعنية", "f", "an official at the body concerned"),
    ("خبراء في القطاع", "m", "experts in the sector"),
    ("ممثلون عن المجتمع المدني", "m", "civil society representatives"),
]

CLAIMS: list[Pair] = [
    ("الخطوة تمثل بداية مرحلة جديدة", "the step marks the start of a new phase"),
    ("النتائج الأولية مشجعة", "the initial results are encouraging"),
    ("التنفيذ سيبدأ خلال الأشهر المقبلة", "implementation will begin in the coming months"),
    ("الجهات المعنية تعمل على وضع جدول زمني واضح", "the bodies concerned are working on a clear timetable"),
    ("الحوار مع جميع الأطراف سيستمر", "dialogue with all parties will continue"),
    (
        "التحديات لا تزال كبيرة رغم التقدم المحرز",
        "the challenges remain considerable despite the progress made",
    ),
    ("المواطنين سيلمسون أثر هذه الإجراءات قريبًا", "citizens will soon feel the effect of these measures"),
    ("التمويل اللازم قد تم تأمينه", "the necessary funding has been secured"),
]

# (Arabic noun, English noun) of a change in a figure.
CHANGES: list[Pair] = [("ارتفاع", "rise"), ("تراجع", "fall"), ("زيادة", "increase")]

PERIODS: list[Pair] = [
    ("خلال العام الماضي", "over the past year"),
    ("مقارنة بالفترة نفسها من العام الماضي", "compared with the same period last year"),
    ("في الربع الأخير", "in the last quarter"),
    ("منذ مطلع العام", "since the start of the year"),
]

CONTEXT: list[Pair] = [
    (
        "ويأتي ذلك ضمن سلسلة خطوات أُعلن عنها في الأشهر الماضية.",
        "This follows a series of steps announced in recent months.",
    ),
    (
        "وتتباين ردود الفعل على هذه الخطوة بين مؤيد ومتحفظ.",
        "Reactions to the step range from support to caution.",
    ),
    (
        "وكانت القضية قد أثارت نقاشًا واسعًا في وسائل الإعلام.",
        "The issue had sparked wide debate in the media.",
    ),
]

CLOSINGS: list[Pair] = [
    (
        "ومن المتوقع أن تتضح التفاصيل الكاملة خلال الأيام المقبلة.",
        "Full details are expected to emerge in the coming days.",
    ),
    ("ويترقب المتابعون الخطوات التالية.", "Observers are awaiting the next steps."),
    (
        "ولم يصدر حتى الآن تعليق من الأطراف الأخرى.",
        "There has been no comment so far from the other parties.",
    ),
    (
        "وستتابع الجهات المختصة تنفيذ ما تم الاتفاق عليه.",
        "The competent authorities will follow up on what was agreed.",
    ),
    (
        "ويُنتظر أن يُعرض الملف مجددًا في اجتماع لاحق.",
        "The file is expected to be taken up again at a later meeting.",
    ),
]


@dataclass(frozen=True)
class SectionWords:
    subjects: list[Subject]
    objects: list[Pair]
    metrics: list[Pair]
    context: list[Pair]
    verbs: list[Verb] = field(default_factory=lambda: VERBS)
    # Tags that suit the section, by slug; a generated article may carry one of them.
    tags: tuple[str, ...] = ()
    # Opinion pieces argue rather than quote spokesmen.
    quotes: bool = True


SECTIONS: dict[str, SectionWords] = {
    "politics": SectionWords(
        subjects=[
            ("الحكومة", "f", "the government"),
            ("البرلمان", "m", "parliament"),
            ("رئيس الوزراء", "m", "the prime minister"),
            ("وزارة الداخلية", "f", "the interior ministry"),
            ("لجنة الشؤون القانونية", "f", "the legal affairs committee"),
            ("المجلس البلدي", "m", "the municipal council"),
        ],
        objects=[
            ("مشروع قانون لتنظيم الانتخابات المحلية", "a bill to regulate local elections"),
            ("خطة جديدة لإصلاح الإدارة العامة", "a new plan to reform public administration"),
            ("مبادرة للحوار الوطني", "an initiative for national dialogue"),
            ("حزمة إصلاحات تشريعية", "a package of legislative reforms"),
            ("الموازنة العامة للعام المقبل", "the general budget for next year"),
            ("استراتيجية وطنية لمكافحة الفساد", "a national anti-corruption strategy"),
        ],
        metrics=[
            ("نسبة المشاركة في الانتخابات", "voter turnout"),
            ("عدد الشكاوى المقدمة إلى الهيئات الرقابية", "complaints filed with oversight bodies"),
        ],
        context=[
            (
                "وتأتي هذه الخطوة في وقت يشهد فيه المشهد السياسي نقاشًا واسعًا حول أولويات المرحلة المقبلة.",
                "The step comes as the political scene debates the priorities of the coming period.",
            ),
            (
                "ويطالب نواب منذ فترة بتسريع وتيرة الإصلاحات.",
                "Members of parliament have long called for faster reforms.",
            ),
            (
                "وكانت أحزاب عدة قد دعت إلى توسيع المشاورات قبل اتخاذ أي قرار نهائي.",
                "Several parties had called for wider consultations before any final decision.",
            ),
        ],
        tags=("diplomacy", "analysis"),
    ),
    "world": SectionWords(
        subjects=[
            ("الأمم المتحدة", "f", "the United Nations"),
            ("مجلس الأمن", "m", "the Security Council"),
            ("الاتحاد الأوروبي", "m", "the European Union"),
            ("جامعة الدول العربية", "f", "the Arab League"),
            ("وزير الخارجية", "m", "the foreign minister"),
            ("المبعوث الأممي", "m", "the UN envoy"),
        ],
        objects=[
            ("خطة لوقف إطلاق النار", "a ceasefire plan"),
            ("مبادرة لاستئناف المفاوضات", "an initiative to resume negotiations"),
            ("مشروع قرار بشأن المساعدات الإنسانية", "a draft resolution on humanitarian aid"),
            ("اتفاقية للتعاون الإقليمي", "a regional cooperation agreement"),
            ("خطة لإعادة الإعمار", "a reconstruction plan"),
            ("نتائج جولة المحادثات الأخيرة", "the results of the latest round of talks"),
        ],
        metrics=[
            ("حجم المساعدات الإنسانية", "humanitarian aid"),
            ("أعداد النازحين", "the number of displaced people"),
        ],
        context=[
            (
                "وتأتي هذه التطورات في وقت تشهد فيه المنطقة تحركات دبلوماسية مكثفة.",
                "These developments come at a time of intense diplomatic activity in the region.",
            ),
            (
                "ودعت عواصم عدة إلى خفض التصعيد وتغليب الحلول السياسية.",
                "Several capitals have called for de-escalation and political solutions.",
            ),
            (
                "ويرى دبلوماسيون أن الأسابيع المقبلة ستكون حاسمة.",
                "Diplomats believe the coming weeks will be decisive.",
            ),
        ],
        tags=("diplomacy", "analysis"),
    ),
    "economy": SectionWords(
        subjects=[
            ("البنك المركزي", "m", "the central bank"),
            ("وزارة المالية", "f", "the finance ministry"),
            ("غرفة التجارة", "f", "the chamber of commerce"),
            ("هيئة الاستثمار", "f", "the investment authority"),
            ("اتحاد المصارف", "m", "the banking association"),
            ("وزير الاقتصاد", "m", "the economy minister"),
        ],
        objects=[
            ("خطة جديدة لدعم الصادرات", "a new plan to support exports"),
            ("حزمة حوافز للشركات الصغيرة", "an incentive package for small businesses"),
            ("توقعات النمو للعام المقبل", "growth forecasts for next year"),
            ("آلية جديدة لتمويل المشروعات الناشئة", "a new mechanism for financing start-ups"),
            ("إجراءات لضبط أسعار السلع الأساسية", "measures to control the prices of basic goods"),
            ("استراتيجية لجذب الاستثمارات الأجنبية", "a strategy to attract foreign investment"),
        ],
        metrics=[
            ("الصادرات غير النفطية", "non-oil exports"),
            ("حجم الاستثمارات الأجنبية المباشرة", "foreign direct investment"),
            ("معدل التضخم", "the inflation rate"),
        ],
        context=[
            (
                "ويتابع المستثمرون عن كثب اتجاهات أسعار الفائدة.",
                "Investors are closely watching interest rates.",
            ),
            (
                "وتواجه الأسواق ضغوطًا مرتبطة بتقلب أسعار الطاقة.",
                "Markets face pressure from volatile energy prices.",
            ),
            (
                "ويرى اقتصاديون أن الإصلاحات الهيكلية باتت ضرورية لتحقيق نمو مستدام.",
                "Economists say structural reforms are now necessary for sustainable growth.",
            ),
        ],
        tags=("analysis",),
    ),
    "sports": SectionWords(
        subjects=[
            ("الاتحاد الوطني لكرة القدم", "m", "the national football federation"),
            ("اللجنة الأولمبية", "f", "the Olympic committee"),
            ("مدرب المنتخب", "m", "the national team coach"),
            ("رابطة الدوري", "f", "the league association"),
            ("وزارة الشباب والرياضة", "f", "the youth and sports ministry"),
            ("إدارة النادي", "f", "the club's management"),
        ],
        objects=[
            (
                "خطة إعداد المنتخب للبطولة القارية",
                "the national team's plan for the continental championship",
            ),
            ("جدول مباريات الموسم الجديد", "the fixture list for the new season"),
            ("لائحة جديدة لتنظيم انتقالات اللاعبين", "new rules governing player transfers"),
            ("خطة لتطوير الملاعب", "a plan to upgrade stadiums"),
            ("استراتيجية لاكتشاف المواهب الشابة", "a strategy to discover young talent"),
            ("ترتيبات استضافة البطولة", "the arrangements for hosting the tournament"),
        ],
        metrics=[
            ("عدد الجماهير في الملاعب", "stadium attendance"),
            ("عدد الأندية المشاركة", "the number of participating clubs"),
        ],
        context=[
            (
                "ويستعد المنتخب لسلسلة من المباريات الودية قبل انطلاق البطولة.",
                "The national team is preparing for a series of friendlies before the tournament.",
            ),
            (
                "ويأمل المشجعون أن تنعكس هذه الخطوات على نتائج الفرق الوطنية.",
                "Fans hope these steps will show in the results of the national teams.",
            ),
            (
                "وشهد الموسم الماضي منافسة قوية حتى الجولة الأخيرة.",
                "Last season saw a close race until the final round.",
            ),
        ],
    ),
    "culture": SectionWords(
        subjects=[
            ("وزارة الثقافة", "f", "the culture ministry"),
            ("المكتبة الوطنية", "f", "the national library"),
            ("اتحاد الكتاب", "m", "the writers' union"),
            ("إدارة المهرجان", "f", "the festival's management"),
            ("المتحف الوطني", "m", "the national museum"),
            ("دار الأوبرا", "f", "the opera house"),
        ],
        objects=[
            ("خطة لترميم المباني التاريخية", "a plan to restore historic buildings"),
            ("دورة جديدة من معرض الكتاب", "a new edition of the book fair"),
            ("مبادرة لتشجيع القراءة بين الشباب", "an initiative to encourage reading among young people"),
            ("جائزة جديدة للرواية العربية", "a new prize for the Arabic novel"),
            ("سلسلة عروض مسرحية", "a series of theatre performances"),
            ("مشروع رقمنة المخطوطات النادرة", "a project to digitise rare manuscripts"),
        ],
        metrics=[
            ("عدد زوار المعارض", "the number of exhibition visitors"),
            ("مبيعات الكتب", "book sales"),
        ],
        context=[
            (
                "ويشهد القطاع الثقافي حراكًا لافتًا منذ مطلع العام.",
                "The cultural sector has been notably active this year.",
            ),
            (
                "ويحرص المنظمون على إشراك الفنانين الشباب.",
                "The organisers are keen to involve young artists.",
            ),
            ("ولقيت الفعاليات السابقة إقبالًا جماهيريًا واسعًا.", "Previous events drew large audiences."),
        ],
    ),
    "technology": SectionWords(
        subjects=[
            ("وزارة الاتصالات", "f", "the communications ministry"),
            ("هيئة تنظيم الاتصالات", "f", "the telecoms regulator"),
            ("شركة ناشئة محلية", "f", "a local start-up"),
            ("مركز الابتكار", "m", "the innovation centre"),
            ("الجامعة التقنية", "f", "the technical university"),
            ("مزود خدمات الإنترنت الرئيسي", "m", "the main internet service provider"),
        ],
        objects=[
            ("خطة لتوسيع شبكات الجيل الخامس", "a plan to expand 5G networks"),
            ("منصة رقمية للخدمات الحكومية", "a digital platform for government services"),
            ("استراتيجية وطنية للذكاء الاصطناعي", "a national artificial intelligence strategy"),
            ("قواعد جديدة لحماية البيانات الشخصية", "new rules to protect personal data"),
            ("مبادرة لتدريب المبرمجين", "an initiative to train programmers"),
            ("نتائج تجربة الدفع الإلكتروني", "the results of an electronic payment trial"),
        ],
        metrics=[
            ("عدد مستخدمي الإنترنت عبر الهاتف", "mobile internet users"),
            ("حجم التجارة الإلكترونية", "e-commerce volume"),
        ],
        context=[
            (
                "ويشهد قطاع التكنولوجيا نموًا متسارعًا في المنطقة.",
                "The technology sector is growing fast in the region.",
            ),
            ("ويحذر خبراء من تزايد الهجمات الإلكترونية.", "Experts warn of a rise in cyber attacks."),
            (
                "وتسعى الشركات إلى استقطاب الكفاءات الرقمية.",
                "Companies are seeking to attract digital talent.",
            ),
        ],
    ),
    "health": SectionWords(
        subjects=[
            ("وزارة الصحة", "f", "the health ministry"),
            ("منظمة الصحة العالمية", "f", "the World Health Organization"),
            ("نقابة الأطباء", "f", "the doctors' syndicate"),
            ("المستشفى الجامعي", "m", "the university hospital"),
            ("هيئة الغذاء والدواء", "f", "the food and drug authority"),
            ("مركز الأبحاث الطبية", "m", "the medical research centre"),
        ],
        objects=[
            ("حملة تطعيم جديدة للأطفال", "a new vaccination campaign for children"),
            ("خطة لتقليص قوائم الانتظار في المستشفيات", "a plan to cut hospital waiting lists"),
            ("إرشادات محدثة للوقاية من الأمراض المزمنة", "updated guidance on preventing chronic diseases"),
            ("نتائج دراسة حول التغذية المدرسية", "the findings of a study on school nutrition"),
            ("مبادرة لدعم الصحة النفسية", "an initiative to support mental health"),
            ("آلية جديدة لتوفير الأدوية", "a new mechanism for supplying medicines"),
        ],
        metrics=[
            ("عدد المراجعين في العيادات", "clinic visits"),
            ("نسبة التغطية بالتطعيم", "vaccination coverage"),
        ],
        context=[
            (
                "وتؤكد الجهات الصحية أهمية الفحص المبكر.",
                "Health authorities stress the importance of early screening.",
            ),
            (
                "ويواجه القطاع الصحي ضغطًا متزايدًا خلال فصل الشتاء.",
                "The health sector faces growing pressure in winter.",
            ),
            (
                "ودعا أطباء إلى تعزيز التوعية الصحية في المدارس.",
                "Doctors have called for more health education in schools.",
            ),
        ],
    ),
    "opinion": SectionWords(
        subjects=[
            ("الكاتب", "m", "the writer"),
            ("الباحثة في الشؤون السياسية", "f", "the political affairs researcher"),
            ("أستاذ الاقتصاد", "m", "the economics professor"),
            ("المحللة الاستراتيجية", "f", "the strategic analyst"),
            ("رئيس التحرير", "m", "the editor-in-chief"),
            ("الكاتبة الصحفية", "f", "the columnist"),
        ],
        objects=[
            ("رؤية لإصلاح التعليم", "a vision for reforming education"),
            ("أسئلة حول مستقبل الإعلام", "questions about the future of the media"),
            ("قراءة في التحولات الإقليمية", "a reading of regional shifts"),
            ("مقاربة جديدة للتنمية المحلية", "a new approach to local development"),
            ("دروس الأزمة الاقتصادية الأخيرة", "the lessons of the recent economic crisis"),
            ("ملاحظات حول السياسات الاجتماعية", "observations on social policy"),
        ],
        metrics=[
            ("ثقة الجمهور في المؤسسات", "public trust in institutions"),
            ("نسبة البطالة بين الشباب", "youth unemployment"),
        ],
        context=[
            (
                "ويبقى السؤال مطروحًا حول قدرة المؤسسات على التكيف.",
                "The question remains whether institutions can adapt.",
            ),
            (
                "ولا يمكن فصل هذه القضية عن سياقها الاجتماعي الأوسع.",
                "This issue cannot be separated from its wider social context.",
            ),
            (
                "والمطلوب اليوم حوار هادئ يضع المصلحة العامة أولًا.",
                "What is needed today is a calm dialogue that puts the public interest first.",
            ),
        ],
        verbs=OPINION_VERBS,
        tags=("analysis",),
        quotes=False,
    ),
}


@dataclass(frozen=True)
class SyntheticArticle:
    section: str
    title_ar: str
    title_en: str
    standfirst_ar: str
    standfirst_en: str
    body_ar: str
    body_en: str
    tags: tuple[str, ...]


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _headline_subject(subject_en: str) -> str:
    """English headlines drop the article: «the central bank» → «Central bank»."""
    for article in ("the ", "a ", "an "):
        if subject_en.startswith(article):
            subject_en = subject_en[len(article) :]
            break
    return _capitalise(subject_en)


def make_article(rng: random.Random, section: str) -> SyntheticArticle:
    """One article of ``section`` (a slug of ``SECTIONS``), Arabic with its English translation."""
    words = SECTIONS[section]
    subject_ar, gender, subject_en = rng.choice(words.subjects)
    verb = rng.choice(words.verbs)
    past_ar = verb[0] if gender == "m" else verb[1]
    present_ar = verb[2] if gender == "m" else verb[3]
    object_ar, object_en = rng.choice(words.objects)
    time_ar, time_en = rng.choice(TIMES)
    place_ar, place_en = rng.choice(PLACES)
    reason_ar, reason_en = rng.choice(REASONS)

    title_ar = f"{subject_ar} {present_ar} {object_ar}"
    title_en = f"{_headline_subject(subject_en)} {verb[5]} {object_en}"
    lead = (
        f"{past_ar} {subject_ar} {time_ar} {object_ar} {place_ar}، {reason_ar}.",
        f"{_capitalise(subject_en)} {verb[4]} {object_en} {place_en} {time_en}, {reason_en}.",
    )

    # Drawn without replacement, so that no background sentence appears twice in an article.
    contexts = rng.sample(words.context + CONTEXT, len(words.context) + len(CONTEXT))

    def quote() -> tuple[str, str]:
        first, second = rng.sample(SPEAKERS, 2)
        claim_1, claim_2 = rng.sample(CLAIMS, 2)
        said = "وقال" if first[1] == "m" else "وقالت"
        stressed = "وأكد" if second[1] == "m" else "وأكدت"
        return (
            f"{said} {first[0]} إن {claim_1[0]}. {stressed} {second[0]} أن {claim_2[0]}.",
            f"{_capitalise(first[2])} said {claim_1[1]}. "
            f"{_capitalise(second[2])} stressed that {claim_2[1]}.",
        )

    def figures() -> tuple[str, str]:
        metric_ar, metric_en = rng.choice(words.metrics)
        change_ar, change_en = rng.choice(CHANGES)
        period_ar, period_en = rng.choice(PERIODS)
        context_ar, context_en = contexts.pop()
        percent = rng.randint(2, 35)
        return (
            f"وتشير البيانات إلى {change_ar} {metric_ar} بنسبة {percent} في المئة {period_ar}. {context_ar}",
            f"Figures point to a {percent} percent {change_en} in {metric_en} {period_en}. {context_en}",
        )

    def context() -> tuple[str, str]:
        sentences = [contexts.pop(), contexts.pop()]
        return " ".join(s[0] for s in sentences), " ".join(s[1] for s in sentences)

    middle = [figures, context, context]
    if words.quotes:
        middle += [quote, quote]
    # The lead and the closing paragraph frame 2–4 others (fewer in opinion pieces).
    count = min(rng.randint(2, 4), len(middle))
    paragraphs = [lead, *(build() for build in rng.sample(middle, count)), rng.choice(CLOSINGS)]

    eligible = words.tags
    tags = (rng.choice(eligible),) if eligible and rng.random() < 0.4 else ()
    return SyntheticArticle(
        section=section,
        title_ar=title_ar,
        title_en=_capitalise(title_en),
        standfirst_ar=lead[0],
        standfirst_en=lead[1],
        body_ar=paragraphs_html([p[0] for p in paragraphs]),
        body_en=paragraphs_html([p[1] for p in paragraphs]),
        tags=tags,
    )
