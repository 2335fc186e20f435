from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from comments.moderation.vocabulary import Action as RuleAction

MAX_DEPTH = 3  # a top-level comment is depth 0; replies nest at most three levels


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def waiting_for_checker(self):
        """Pending comments the spam checker has not judged yet."""
        return self.filter(status=Comment.Status.PENDING, judged_at__isnull=True)

    def public_fields(self):
        """Only what the public may see: the email and network traces stay in the database."""
        return self.only(
            "id", "article_id", "parent_id", "root_id", "depth", "author_name", "author_url",
            "text", "created_at", "is_staff_reply",
        )  # fmt: skip


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        REJECTED = "rejected", _("Rejected")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    # The top-level comment of the thread, so a page of threads is fetched in one query.
    root = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="+", editable=False
    )
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    author_name = models.CharField(_("name"), max_length=100)
    # Shown only to moderators; never to the public in any form.
    author_email = models.EmailField(_("email"), max_length=254)
    author_url = models.URLField(_("website"), max_length=200, blank=True)
    text = models.TextField(_("comment"), max_length=5000)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_staff_reply = models.BooleanField(_("reply from the publication"), default=False)
    notify_replies = models.BooleanField(_("email the author about replies"), default=False)
    # Whoever sent it proved the address is theirs: their browser carried the key it got
    # when the address was confirmed, or the owner opened this comment's own confirmation
    # link. Trust with the spam checker and reply mail need it (``addresses``): typing a
    # confirmed address proves nothing.
    address_proven = models.BooleanField(_("address proven by its sender"), default=False, editable=False)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("posted"), auto_now_add=True, db_index=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Signals from the form (honeypot, too fast...) for the moderators and the spam judge.
    flags = models.JSONField(_("flags"), default=list, blank=True)
    score = models.FloatField(_("spam score"), null=True, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)

    # Keyed hashes, not the raw values; wiped after the retention period.
    email_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    ip_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    ip_network = models.CharField(_("network"), max_length=64, blank=True, editable=False, db_index=True)
    user_agent_hash = models.CharField(max_length=64, blank=True, editable=False)

    # For the spam judge: the folded text (to spot the same text posted again), the
    # language of the page it was posted from, and when the checker last saw it.
    text_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    language = models.CharField(_("page language"), max_length=10, blank=True, editable=False)
    judged_at = models.DateTimeField(_("checked"), null=True, blank=True, editable=False)
    queued_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [("moderate_comment", _("Can moderate comments and see commenters' emails"))]
        indexes = [
            models.Index(fields=["article", "status", "depth", "created_at"], name="comment_thread_idx"),
            models.Index(fields=["status", "created_at"], name="comment_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:50]}"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    @classmethod
    def from_db(cls, db, field_names, values):
        comment = super().from_db(db, field_names, values)
        # Approved when loaded: an edit or a change of status then changes what readers see.
        comment._loaded_status = comment.__dict__.get("status")
        return comment


class CommenterAddressQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class CommenterAddress(models.Model):
    """An email address a commenter asked us to write to, known only by its keyed hash.

    Nothing but the confirmation mail is sent to it until its owner opens the link in that
    mail (double opt-in): anyone can type anyone's address into the form. A confirmed
    address is also the only thing a commenter's trust can be keyed on.
    """

    email_hash = models.CharField(max_length=64, unique=True, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # When the last confirmation mail went out: one per address per interval, whoever asks.
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CommenterAddressQuerySet.as_manager()

    class Meta:
        verbose_name = _("commenter address")
        verbose_name_plural = _("commenter addresses")

    def __str__(self) -> str:
        return self.email_hash[:12]


class ModerationEvent(models.Model):
    """One decision on a comment, by the checker or by a moderator: the audit trail."""

    class Actor(models.TextChoices):
        CHECKER = "checker", _("Spam checker")
        MODERATOR = "moderator", _("Moderator")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="events")
    actor = models.CharField(_("by"), max_length=10, choices=Actor.choices)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A Comment.Status value, or Decision.HOLD when the checker left it for a moderator.
    decision = models.CharField(_("decision"), max_length=10)
    score = models.FloatField(_("spam score"), null=True, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("moderation event")
        verbose_name_plural = _("moderation events")

    def __str__(self) -> str:
        return f"{self.get_actor_display()}: {self.decision}"


class ModerationSettings(models.Model):
    """The spam rules, tuned by a site editor in the admin. A single row."""

    class Action(models.TextChoices):
        OFF = RuleAction.OFF.value, _("Ignore")
        HOLD = RuleAction.HOLD.value, _("Hold for a moderator")
        SPAM = RuleAction.SPAM.value, _("Mark as spam")

    honeypot_action = models.CharField(
        _("hidden field filled in"), max_length=4, choices=Action.choices, default=Action.SPAM
    )
    too_fast_action = models.CharField(
        _("sent within seconds of opening the page"),
        max_length=4,
        choices=Action.choices,
        default=Action.HOLD,
    )
    link_limit = models.PositiveSmallIntegerField(
        _("links that make a comment suspect"),
        default=2,
        help_text=_("Links in the text, plus one for the website field. 0 turns the rule off."),
    )
    links_action = models.CharField(
        _("too many links"), max_length=4, choices=Action.choices, default=Action.HOLD
    )
    blocked_words = models.TextField(
        _("blocked words"),
        blank=True,
        help_text=_(
            "One word or phrase per line. A word also matches inside longer words, with or without "
            "diacritics, tatweel, letter variants or spaces between its letters."
        ),
    )
    blocked_domains = models.TextField(
        _("blocked domains"),
        blank=True,
        help_text=_(
            "One domain per line, e.g. example.com; it also covers its subdomains and email addresses."
        ),
    )
    blocked_action = models.CharField(
        _("blocked word or domain"), max_length=4, choices=Action.choices, default=Action.SPAM
    )
    duplicate_action = models.CharField(
        _("same text posted before"), max_length=4, choices=Action.choices, default=Action.HOLD
    )
    burst_minutes = models.PositiveSmallIntegerField(_("burst window, minutes"), default=10)
    burst_per_network = models.PositiveSmallIntegerField(
        _("comments from one network in the window"), default=5, help_text=_("0 turns the rule off.")
    )
    burst_per_email = models.PositiveSmallIntegerField(
        _("comments from one email in the window"), default=3, help_text=_("0 turns the rule off.")
    )
    burst_action = models.CharField(_("burst"), max_length=4, choices=Action.choices, default=Action.HOLD)
    script_mismatch_action = models.CharField(
        _("text in a different script from the page"),
        max_length=4,
        choices=Action.choices,
        default=Action.HOLD,
    )
    contact_action = models.CharField(
        _("phone numbers or messaging handles"), max_length=4, choices=Action.choices, default=Action.HOLD
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("spam rules")
        verbose_name_plural = _("spam rules")

    def __str__(self) -> str:
        return str(_("Spam rules"))

    @classmethod
    def current(cls) -> "ModerationSettings":
        settings_row, _created = cls.objects.get_or_create(pk=1)
        return settings_row


class SpamExample(models.Model):
    """A labelled text the model learns from: a moderator's decision, or an import."""

    class Label(models.TextChoices):
        SPAM = "spam", _("Spam")
        HAM = "ham", _("Not spam")
        REJECTED = "rejected", _("Rejected")

    class Source(models.TextChoices):
        MODERATOR = "moderator", _("Moderator")
        IMPORT = "import", _("Imported")

    comment = models.OneToOneField(
        Comment, on_delete=models.SET_NULL, null=True, blank=True, related_name="spam_example"
    )
    label = models.CharField(_("label"), max_length=10, choices=Label.choices)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    text = models.TextField(_("text"))
    author_name = models.CharField(_("name"), max_length=100, blank=True)
    author_url = models.CharField(_("website"), max_length=200, blank=True)
    # Only the keyed hash: the email itself stays with the comment, for moderators.
    email_hash = models.CharField(max_length=64, blank=True, db_index=True)
    text_key = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(_("labelled"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("spam example")
        verbose_name_plural = _("spam examples")

    def __str__(self) -> str:
        return f"{self.get_label_display()}: {self.text[:50]}"


class SpamModel(models.Model):
    """A trained model: float32 weights as raw bytes (never a pickle) and its intercept."""

    created_at = models.DateTimeField(_("trained"), auto_now_add=True)
    hash_bits = models.PositiveSmallIntegerField()
    feature_version = models.PositiveSmallIntegerField()
    weights = models.BinaryField()
    intercept = models.FloatField()
    spam_examples = models.PositiveIntegerField(_("spam examples"))
    ham_examples = models.PositiveIntegerField(_("ham examples"))
    seconds = models.FloatField(_("training time, seconds"))

    class Meta:
        ordering = ["-id"]
        get_latest_by = "id"
        verbose_name = _("spam model")
        verbose_name_plural = _("spam models")

    def __str__(self) -> str:
        return f"#{self.pk} ({self.spam_examples} / {self.ham_examples})"
