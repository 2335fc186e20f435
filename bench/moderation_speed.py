"""Moderation speed with a real Celery worker, Redis and PostgreSQL.

    .venv/bin/python bench/moderation_speed.py [--comments N] [--posts N] [--rate R]
        [--training FILE.csv] [--quick] [--profile N] [--database-url URL] [--redis-url URL]

Creates (and at the end drops) a PostgreSQL database whose name must contain "bench",
migrates it, publishes one article and trains the spam model: from FILE.csv through
``train_spam``, or from a seeded synthetic Arabic and English set so the model's path
is exercised. Then, with ONE worker (prefork, concurrency 1) on a flushed Redis db:

1. throughput: N pending comments are bulk-created and all queued at once; comments
   judged per second = N / (last ``judged_at`` - first message queued). The worker is
   warmed up first, so its start and first task (imports, model load) are reported
   apart;
2. latency: with the worker idle, comments are POSTed one by one through the real view
   (``/ar/comments/post/<id>/``, django.test.Client in this process: form, commit,
   publish to Redis), by default at 5 a second; latency = ``judged_at`` - the clock
   just before the POST.

``--profile N`` then stops the worker and profiles N ``moderate()`` calls in this
process (cProfile, cumulative), to see where the time of one judgment goes.

The worker and this process run with production-like settings (DJANGO_DEBUG=0, mail
kept in memory) unless the environment says otherwise; DJANGO_CONN_MAX_AGE and the
other settings are read from the environment as the site would read them.
"""

import argparse
import io
import os
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from _common import (
    POSTGRES,
    QUIET_WORKER,
    Worker,
    close_connections,
    configure_environment,
    database_name,
    drop_database,
    flush_redis,
    machine_lines,
    percentile,
    postgres_version,
    profiled,
    recreate_database,
    setup_django,
    wait_for,
)

DEFAULT_DATABASE_URL = f"{POSTGRES}/newsroom_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"
TASK_LINE = re.compile(r"Task comments\.tasks\.(\w+)\[[^\]]+\] succeeded in ([0-9.]+)s")


# --- synthetic comments ---------------------------------------------------------------

AR_OPENERS = [
    "أعتقد أن", "برأيي", "شكراً على هذا التقرير،", "مقال ممتاز،", "للأسف", "من الواضح أن",
    "أتفق مع الكاتب في أن", "لا أوافق على أن", "سؤال مهم:", "بصراحة", "كما توقعنا،", "الحقيقة أن",
]  # fmt: skip
AR_SUBJECTS = [
    "الحكومة", "وزارة الصحة", "المنتخب الوطني", "البنك المركزي", "المجلس البلدي", "الاتحاد الأوروبي",
    "أسعار النفط", "الجامعة العربية", "قطاع التعليم", "المدرب الجديد", "البرلمان", "شركات الطيران",
    "وزير الخارجية", "النادي الأهلي", "أسعار الخبز", "مشروع المترو",
]  # fmt: skip
AR_PREDICATES = [
    "يجب أن تراجع قراراتها الأخيرة", "تتحمل مسؤولية ما حدث", "قدّم أداءً أفضل من الموسم الماضي",
    "لم يوضح أسباب رفع الفائدة", "يحتاج إلى خطة واضحة للسنوات القادمة", "أثّر على حياة المواطنين البسطاء",
    "خطوة في الاتجاه الصحيح", "لا يكفي وحده لحل الأزمة", "تأخر كثيراً في الرد على الشكاوى",
    "يستحق الإشادة هذه المرة", "لم يتغير منذ سنوات", "سيدفع ثمنه الجيل القادم",
    "كان متوقعاً بعد تصريحات الأسبوع الماضي", "يثير أسئلة لم يجب عنها أحد",
]  # fmt: skip
AR_CLOSERS = [
    "", "والله أعلم.", "ننتظر المزيد من التفاصيل.", "شكراً للصحيفة.", "هذا رأيي الشخصي.",
    "نتمنى الأفضل للجميع.", "أين المتابعة؟", "تحياتي للمحرر.",
]  # fmt: skip
EN_OPENERS = [
    "I think", "Honestly,", "Great reporting, but", "Sadly,", "It is clear that", "I agree that",
    "I disagree that", "Good article:", "As expected,", "The truth is that",
]  # fmt: skip
EN_SUBJECTS = [
    "the government", "the health ministry", "the national team", "the central bank", "the city council",
    "oil prices", "the new coach", "parliament", "the airline", "the foreign minister", "bread prices",
]  # fmt: skip
EN_PREDICATES = [
    "should review its latest decisions", "is responsible for what happened", "hurt ordinary families",
    "did not explain the rate rise", "needs a clear plan for the coming years", "played better than before",
    "took a step in the right direction", "will not solve the crisis alone", "was slow to answer complaints",
    "deserves credit this time", "has not changed in years", "raises questions nobody has answered",
]  # fmt: skip
EN_CLOSERS = ["", "Thanks.", "Waiting for the follow-up.", "Just my opinion.", "Good luck to all.", "Why?"]
AR_NAMES = ["أحمد", "فاطمة", "محمد", "مريم", "خالد", "نور", "يوسف", "ليلى", "عمر", "سارة", "حسن", "هدى"]
EN_NAMES = ["Ahmed", "Fatima", "John", "Maria", "Khalid", "Nour", "Youssef", "Layla", "Omar", "Sarah"]
MAIL_DOMAINS = ["gmail.com", "hotmail.com", "yahoo.com", "outlook.sa", "example.org"]
NEWS_LINKS = ["https://www.bbc.com/arabic", "https://www.aljazeera.net/news", "https://www.reuters.com/world"]

AR_OFFERS = [
    "اربح", "احصل على", "خصم ٧٠٪ على", "عرض حصري:", "فرصة ذهبية:", "ربح مضمون من", "أقوى عرض على",
    "لا تفوت", "جديد ومجرب:",
]  # fmt: skip
AR_PRODUCTS = [
    "الربح من الإنترنت", "كريم تبييض البشرة", "حبوب التخسيس", "التداول في العملات الرقمية",
    "زيادة متابعين انستغرام", "شهادات جامعية معتمدة", "قروض سريعة بدون كفيل", "علاج تساقط الشعر",
    "كازينو اون لاين", "ساعات ماركات مقلدة",
]  # fmt: skip
AR_CALLS = [
    "اتصل الآن", "تواصل معنا عبر الواتساب", "سجل مجاناً", "الكمية محدودة", "اضغط على الرابط",
    "للطلب راسلنا", "التوصيل مجاني", "الدفع عند الاستلام",
]  # fmt: skip
EN_OFFERS = ["Win", "Get", "70% off", "Exclusive deal:", "Golden chance:", "Guaranteed profit from", "Cheap"]
EN_PRODUCTS = [
    "online earnings", "weight loss pills", "crypto trading signals", "instagram followers",
    "accredited degrees", "fast loans", "replica watches", "casino bonus", "SEO backlinks",
]  # fmt: skip
EN_CALLS = [
    "Call now", "Message us on WhatsApp", "Sign up free", "Limited stock", "Click the link", "Order today",
]  # fmt: skip
SPAM_HOSTS = ["best-offer.top", "cash-fast.xyz", "win-now.click", "pills-shop.store", "promo-deal.online"]
SPAM_NAMES = ["عروض حصرية", "ربح سريع", "Cheap Pills", "Best SEO", "Crypto King", "متجر العروض"]


class Texts:
    """Seeded generator of varied ham and spam comments in Arabic and English.

    Ham joins two clauses, so texts rarely repeat: repeats would trip the duplicate rule
    and measure it instead of the usual path.
    """

    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def _clause(self, arabic: bool) -> str:
        pick = self.rng.choice
        if arabic:
            return f"{pick(AR_SUBJECTS)} {pick(AR_PREDICATES)}"
        return f"{pick(EN_SUBJECTS)} {pick(EN_PREDICATES)}"

    def ham(self, arabic: bool) -> str:
        pick, rng = self.rng.choice, self.rng
        joiner = "، و" if arabic else ", and "
        opener, closer = (AR_OPENERS, AR_CLOSERS) if arabic else (EN_OPENERS, EN_CLOSERS)
        text = f"{pick(opener)} {self._clause(arabic)}{joiner}{self._clause(arabic)}. {pick(closer)}".strip()
        roll = rng.random()
        if roll < 0.05:  # a source quoted, as readers do: one link, under the rule's limit
            text += f" {pick(NEWS_LINKS)}/{rng.randint(10000, 99999)}"
        elif roll < 0.10:  # numbers that are not phone numbers
            text += f" ({rng.randint(2015, 2023)}-{rng.randint(2024, 2026)})"
        return text

    def spam(self, arabic: bool) -> str:
        pick, rng = self.rng.choice, self.rng
        if arabic:
            text = f"{pick(AR_OFFERS)} {pick(AR_PRODUCTS)}! {pick(AR_CALLS)}"
        else:
            text = f"{pick(EN_OFFERS)} {pick(EN_PRODUCTS)}! {pick(EN_CALLS)}"
        roll = rng.random()
        if roll < 0.35:
            text += f" https://{pick(SPAM_HOSTS)}/{rng.choice(['p', 'go', 'offer'])}{rng.randint(1, 9999)}"
        elif roll < 0.6:
            text += f" +9665{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
        elif roll < 0.7:
            text += f" t.me/deals{rng.randint(100, 9999)}"
        # the rest carry no link or number: only the model can tell
        return text + f" {rng.randint(1, 999)}"

    def author(self, index: int, spam: bool, arabic: bool) -> tuple[str, str, str]:
        """(name, email, website), with an email no other comment uses."""
        pick = self.rng.choice
        name = pick(SPAM_NAMES) if spam else pick(AR_NAMES if arabic else EN_NAMES)
        email = f"reader{index}.{self.rng.randint(1000, 9999)}@{pick(MAIL_DOMAINS)}"
        website = f"https://{pick(SPAM_HOSTS)}" if spam and self.rng.random() < 0.3 else ""
        return name, email, website

    def comment(self, index: int, spam_share: float = 0.3, arabic_share: float = 0.8) -> dict:
        spam = self.rng.random() < spam_share
        arabic = self.rng.random() < arabic_share
        text = self.spam(arabic) if spam else self.ham(arabic)
        name, email, website = self.author(index, spam, arabic)
        return {"text": text, "author": name, "email": email, "url": website}


def synthetic_training(seed: int, per_class: int = 200):
    from comments.moderation.learning import Row

    texts = Texts(seed)
    rows = []
    for i in range(per_class):
        arabic = i % 2 == 0
        rows.append(Row(text=texts.ham(arabic), is_spam=False, author_name=texts.rng.choice(AR_NAMES)))
        rows.append(Row(text=texts.spam(arabic), is_spam=True, author_name=texts.rng.choice(SPAM_NAMES)))
    return rows


def address(phase: int, index: int) -> str:
    """A distinct IPv4 /24 network per comment, so the burst rules never fire."""
    return f"10.{phase * 64 + index // 256}.{index % 256}.7"


# --- the benchmark --------------------------------------------------------------------


def setup_site(args) -> tuple[object, str]:
    """Migrate, publish one article, train the model; returns (article, training summary)."""
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from articles.desk.publishing import save_article
    from articles.models import Article, Section
    from comments.moderation import learning, training

    call_command("migrate", interactive=False, verbosity=0)
    section = Section.objects.create(slug="bench", name_ar="منوعات", name_en="Miscellany")
    article = save_article(
        Article(
            title_ar="خبر لقياس سرعة الإشراف",
            body_ar="<p>نص الخبر باللغة العربية.</p>",
            title_en="A story to time moderation",
            body_en="<p>The story in English.</p>",
            section=section,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(hours=1),
        ),
        by=None,
    )
    started = time.perf_counter()
    if args.training:
        out = io.StringIO()
        call_command("train_spam", str(args.training), stdout=out)
        source = args.training.name
    else:
        learning.import_examples(synthetic_training(args.seed))
        training.retrain()
        source = f"synthetic set, seed {args.seed}"
    model = training.current_model()
    if model is None:
        raise SystemExit("the spam model was not trained: the benchmark would measure the no-model shortcut")
    elapsed = time.perf_counter() - started
    summary = f"{model.spam_examples} spam / {model.ham_examples} ham ({source}), trained in {elapsed:.1f} s"
    return article, summary


def pending_comments(article, count: int, texts: Texts, phase: int) -> list[int]:
    """Bulk-create pending comments with what ``submit_comment`` stores; returns their ids."""
    from comments.models import Comment
    from comments.moderation.learning import text_key
    from comments.privacy import email_hash, keyed_hash, truncated_network

    rows = []
    for index in range(count):
        data = texts.comment(index + phase * 100_000)
        ip = address(phase, index)
        rows.append(
            Comment(
                article=article,
                author_name=data["author"],
                author_email=data["email"],
                author_url=data["url"],
                text=data["text"],
                email_hash=email_hash(data["email"]),
                ip_hash=keyed_hash(ip, "ip"),
                ip_network=truncated_network(ip),
                user_agent_hash=keyed_hash("Mozilla/5.0 (bench)", "user-agent"),
                text_key=text_key(data["text"]),
                language="ar",
            )
        )
    return [comment.pk for comment in Comment.objects.bulk_create(rows, batch_size=1000)]


def wait_judged(ids: list[int], worker: Worker, timeout: float, what: str) -> None:
    from comments.models import Comment

    def done() -> bool:
        worker.check()
        return not Comment.objects.filter(pk__in=ids, judged_at__isnull=True).exists()

    wait_for(done, timeout, what, interval=0.1)


def decisions(ids: list[int]) -> tuple[Counter, Counter]:
    """(statuses, reason codes of the held comments)."""
    from comments.models import Comment

    rows = Comment.objects.filter(pk__in=ids).values_list("status", "reasons")
    statuses = Counter("held" if status == "pending" else status for status, _ in rows)
    held = Counter(
        reason["code"] for status, reasons in rows if status == "pending" for reason in reasons or ()
    )
    held.pop("model", None)  # every comment has a score: it says nothing about why one was held
    return statuses, held


def task_times(log: str) -> dict[str, list[float]]:
    """Seconds each task ran, by task name, from the worker's 'succeeded in' lines."""
    times: dict[str, list[float]] = {}
    for name, seconds in TASK_LINE.findall(log):
        times.setdefault(name, []).append(float(seconds))
    return times


def throughput(article, worker: Worker, count: int, seed: int) -> dict:
    from comments.lifecycle import queue_moderation
    from comments.models import Comment

    texts = Texts(seed + 1)
    warmup = pending_comments(article, 3, texts, phase=0)
    ids = pending_comments(article, count, texts, phase=1)
    sentinel = pending_comments(article, 1, texts, phase=2)

    # The worker's first task imports the judge (scikit-learn) and decodes the model: timed apart.
    started = time.time()
    queue_moderation(warmup[0])
    wait_judged(warmup[:1], worker, 120, "the first task")
    first_task = Comment.objects.get(pk=warmup[0]).judged_at.timestamp() - started
    for pk in warmup[1:]:
        queue_moderation(pk)
    wait_judged(warmup, worker, 60, "the warm-up comments")

    log_start = worker.size()
    started = time.time()
    for pk in ids:
        queue_moderation(pk)
    queued = time.time() - started
    wait_judged(ids, worker, 60 + count * 0.5, f"{count} comments to be judged")
    judged = sorted(
        t.timestamp() for t in Comment.objects.filter(pk__in=ids).values_list("judged_at", flat=True)
    )
    # Approvals and holds queue a follow-up task each (notify_reply, notify_moderators) behind
    # the remaining moderation messages; a last comment queued now is judged once they ran.
    queue_moderation(sentinel[0])
    wait_judged(sentinel, worker, 60 + count * 0.5, "the follow-up tasks")
    drained = Comment.objects.get(pk=sentinel[0]).judged_at.timestamp() - started
    statuses, held = decisions(ids)
    return {
        "count": count,
        "first_task": first_task,
        "queued": queued,
        "elapsed": judged[-1] - started,
        "steady": (count - 1) / (judged[-1] - judged[0]) if count > 1 else 0.0,
        "drained": drained,
        "tasks": task_times(worker.output(log_start)),
        "statuses": statuses,
        "held": held,
    }


def latency(article, worker: Worker, count: int, rate: float, seed: int) -> dict:
    from django.test import Client

    from comments.models import Comment
    from comments.protection import form_token

    texts = Texts(seed + 2)
    client = Client(headers={"Sec-Fetch-Site": "same-origin"})  # a browser on the site
    url = f"/ar/comments/post/{article.pk}/"
    sent_at: dict[int, float] = {}
    post_seconds = []
    begin = time.perf_counter()
    first_sent = time.time()
    for index in range(count):
        data = texts.comment(index + 300_000)
        delay = begin + index / rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        form = {
            **{"comment": data["text"], "author": data["author"], "email": data["email"], "url": data["url"]},
            "parent": "",
            # Made a minute ago, as a reader's form would be: otherwise "too fast" holds every comment.
            "token": form_token(article.pk, now=time.time() - 60),
            "address": "",  # the honeypot
        }
        sent = time.time()
        response = client.post(
            url, form, secure=True, REMOTE_ADDR=address(3, index), HTTP_USER_AGENT="Mozilla/5.0 (bench)"
        )
        post_seconds.append(time.time() - sent)
        if response.status_code != 303:
            raise RuntimeError(f"POST {index} answered {response.status_code}: {response.content[:300]!r}")
        sent_at[int(response["Location"].rsplit("#comment-", 1)[1])] = sent
    posting = sent - first_sent
    ids = list(sent_at)
    wait_judged(ids, worker, 60 + count * 0.5, "the posted comments to be judged")
    judged = dict(Comment.objects.filter(pk__in=ids).values_list("pk", "judged_at"))
    latencies = [(judged[pk].timestamp() - sent) * 1000 for pk, sent in sent_at.items()]
    statuses, held = decisions(ids)
    return {
        "count": count,
        "rate": (count - 1) / posting if posting else 0.0,
        "latencies": latencies,
        "posts": [s * 1000 for s in post_seconds],
        "statuses": statuses,
        "held": held,
    }


def profile_moderate(article, count: int, seed: int) -> str:
    """cProfile of ``moderate`` on fresh comments, in this process (its own DB connection)."""
    from comments.lifecycle import check_comment
    from comments.moderation.judge import judge

    def moderate(comment_id: int):
        return check_comment(comment_id, judge)

    ids = pending_comments(article, count + 1, Texts(seed + 3), phase=4)
    moderate(ids[0])  # the model is decoded on first use: not what each comment costs
    each, stats = profiled(moderate, ids[1:], 25)
    return f"moderate() in-process: {each:.1f} ms per comment over {count}\n{stats}"


def machine() -> list[str]:
    import celery
    import django
    import redis

    redis_version = redis.Redis.from_url(os.environ["REDIS_URL"]).info("server")["redis_version"]
    return machine_lines(
        f"Django {django.get_version()}, Celery {celery.__version__}, PostgreSQL {postgres_version()}, "
        f"Redis {redis_version}"
    )


def counts(statuses: Counter, held: Counter) -> str:
    line = ", ".join(f"{name} {statuses.get(name, 0)}" for name in ("approved", "spam", "held"))
    if held:
        line += " (held for: " + ", ".join(f"{code} {n}" for code, n in held.most_common()) + ")"
    return line


def report(training: str, started_in: float, speed: dict, delay: dict) -> str:
    tasks = speed["tasks"].get("moderate_comment", [])
    followups = [t for name, times in speed["tasks"].items() if name != "moderate_comment" for t in times]
    per_comment = speed["elapsed"] / speed["count"] * 1000
    capacity = speed["count"] / speed["drained"]
    lines = [
        f"Moderation speed: one worker (prefork, concurrency 1); {' '.join(sys.argv[1:]) or 'defaults'}",
        *machine(),
        f"Model:    {training}",
        f"Worker:   ready in {started_in:.1f} s; first task (imports, model load) judged "
        f"{speed['first_task'] * 1000:.0f} ms after queueing",
        "",
        f"Throughput: {speed['count']} comments judged in {speed['elapsed']:.1f} s = "
        f"{speed['count'] / speed['elapsed']:.1f} comments/s ({per_comment:.1f} ms each; "
        f"first-to-last judged {speed['steady']:.1f}/s)",
    ]
    if tasks:
        lines.append(
            f"  inside moderate_comment ('succeeded in'): mean {statistics.mean(tasks) * 1000:.1f} ms, "
            f"p50 {percentile(tasks, 0.5) * 1000:.1f} ms, p99 {percentile(tasks, 0.99) * 1000:.1f} ms"
        )
    followed = f", mean {statistics.mean(followups) * 1000:.1f} ms each" if followups else ""
    lines += [
        f"  queueing the {speed['count']} messages took {speed['queued']:.2f} s",
        f"  with the {len(followups)} follow-up tasks (notify_reply per approval, notify_moderators per "
        f"hold{followed})",
        f"  the queue drained in {speed['drained']:.1f} s = {capacity:.1f} comments/s, all work included",
        f"  decisions: {counts(speed['statuses'], speed['held'])}",
        "",
        f"Latency POST -> judged_at: {delay['count']} posts through the view at {delay['rate']:.1f}/s",
        f"  p50 {percentile(delay['latencies'], 0.5):.0f} ms, p99 {percentile(delay['latencies'], 0.99):.0f} "
        f"ms, max {max(delay['latencies']):.0f} ms (the POST itself: p50 "
        f"{percentile(delay['posts'], 0.5):.0f} ms, p99 {percentile(delay['posts'], 0.99):.0f} ms)",
        f"  decisions: {counts(delay['statuses'], delay['held'])}",
    ]
    if delay["rate"] > capacity / 2:
        # Past about half the capacity, messages wait behind each other: the figure is queueing.
        lines.append(
            f"  NOTE: {delay['rate']:.1f}/s is over half of what the worker can do ({capacity:.1f}/s): "
            "these latencies may include waiting in the queue"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--comments", type=int, help="comments for the throughput run (default 2000)")
    parser.add_argument("--posts", type=int, help="comments POSTed for the latency run (default 200)")
    parser.add_argument("--rate", type=float, default=5.0, help="POSTs per second (default 5)")
    parser.add_argument("--training", type=Path, help="labelled CSV (text,label) for train_spam")
    parser.add_argument("--quick", action="store_true", help="300 comments and 50 posts")
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="also cProfile N moderate() calls"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help="created and dropped; its name must contain 'bench'",
    )
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="this Redis db is FLUSHED")
    args = parser.parse_args()
    args.comments = args.comments or (300 if args.quick else 2000)
    args.posts = args.posts or (50 if args.quick else 200)
    if args.comments < 1 or args.posts < 1 or args.rate <= 0:
        parser.error("--comments, --posts and --rate must be positive")
    if args.training and not args.training.is_file():
        parser.error(f"{args.training}: no such file")
    database_name(args.database_url)

    env = configure_environment(args.database_url, args.redis_url)
    recreate_database(args.database_url)
    # ONE worker, prefork with one child, as in production.
    worker = Worker(env, "--pool=prefork", "--concurrency=1", *QUIET_WORKER, "--loglevel=INFO",
                    f"--hostname=bench-{os.getpid()}@%h", log="worker")  # fmt: skip
    try:
        setup_django()
        article, training = setup_site(args)
        flush_redis(args.redis_url)
        started_in = worker.start_ready()
        speed = throughput(article, worker, args.comments, args.seed)
        delay = latency(article, worker, args.posts, args.rate, args.seed)
        print(report(training, started_in, speed, delay), flush=True)
        if args.profile:
            worker.stop()  # so that the profile does not share the CPUs with it
            print("\n" + profile_moderate(article, args.profile, args.seed))
    except BaseException:
        if worker.process is not None:
            print(f"worker log (tail):\n{worker.output()[-3000:]}", file=sys.stderr)
        raise
    finally:
        worker.stop()
        close_connections()
        drop_database(args.database_url)
        worker.log.unlink(missing_ok=True)
        try:
            flush_redis(args.redis_url)
        except Exception as error:
            print(f"flushing {args.redis_url}: {error}", file=sys.stderr)


if __name__ == "__main__":
    main()
