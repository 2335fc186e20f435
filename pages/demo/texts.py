# ruff: noqa: E501 - paragraphs of text, one a line
"""The demo's five pages, in Arabic and English: a news site's usual wording, and a privacy
policy that says what this site keeps (``{trace_days}`` and ``{spam_days}``: how long, in
words of the page's language, filled in from the settings when they are loaded)."""

ABOUT = {
    "position": 10,
    "ar": {
        "title": "من نحن",
        "slug": "من-نحن",
        "body": """
<p>موقع إخباري مستقل ينشر الأخبار والتحليلات باللغتين العربية والإنجليزية، على مدار الساعة، من غرفة أخبار واحدة.</p>
<h2>ما نلتزم به</h2>
<ul>
<li>الدقة قبل السرعة: لا ننشر خبراً قبل التحقق منه من مصدرين على الأقل أو من مصدر رسمي معلن.</li>
<li>الفصل بين الخبر والرأي: مقالات الرأي تحمل اسم كاتبها وتعبّر عنه وحده.</li>
<li>الشفافية: نصحح أخطاءنا علناً وفق سياسة التصحيح المنشورة على الموقع.</li>
</ul>
<h2>فريق التحرير</h2>
<p>يكتب الأخبار محررون ومراسلون في عدد من المدن العربية، ويراجعها محررو الديسك قبل النشر، ويقرر رئيس التحرير ما يُنشر في الصفحة الأولى.</p>
""",
    },
    "en": {
        "title": "About us",
        "slug": "about-us",
        "body": """
<p>An independent news site publishing news and analysis in Arabic and English, around the clock, from a single newsroom.</p>
<h2>What we stand by</h2>
<ul>
<li>Accuracy before speed: we publish nothing before checking it with at least two sources or an on-the-record official one.</li>
<li>News apart from opinion: opinion pieces carry their writer's name and speak for them alone.</li>
<li>Openness: we correct our mistakes in public, under the corrections policy published on this site.</li>
</ul>
<h2>The newsroom</h2>
<p>Reporters and editors in several Arab cities write the news, the desk's copy editors check it before it is published, and the editor-in-chief decides what leads the home page.</p>
""",
    },
}

CONTACT = {
    "position": 20,
    "ar": {
        "title": "اتصل بنا",
        "slug": "اتصل-بنا",
        "body": """
<p>يسعدنا أن نسمع منكم: ملاحظاتكم على تغطيتنا، وأخباركم، وتصحيحاتكم.</p>
<h2>غرفة الأخبار</h2>
<p>لإرسال خبر أو معلومة أو صورة: <a href="mailto:news@example.com">news@example.com</a></p>
<h2>التصحيحات</h2>
<p>إن وجدتم خطأً في خبر منشور، فاكتبوا إلينا مع رابط الخبر: <a href="mailto:corrections@example.com">corrections@example.com</a></p>
<h2>الخصوصية</h2>
<p>لطلب معرفة ما نحتفظ به عنكم أو حذفه: <a href="mailto:privacy@example.com">privacy@example.com</a></p>
<p>نرد على الرسائل في أيام العمل خلال يومين في العادة.</p>
""",
    },
    "en": {
        "title": "Contact us",
        "slug": "contact",
        "body": """
<p>We are glad to hear from you: your comments on our coverage, your news tips and your corrections.</p>
<h2>The newsroom</h2>
<p>To send us a story, a tip or a photo: <a href="mailto:news@example.com">news@example.com</a></p>
<h2>Corrections</h2>
<p>If you find a mistake in a published story, write to us with its link: <a href="mailto:corrections@example.com">corrections@example.com</a></p>
<h2>Privacy</h2>
<p>To ask what we keep about you, or to have it deleted: <a href="mailto:privacy@example.com">privacy@example.com</a></p>
<p>We usually answer within two working days.</p>
""",
    },
}

PRIVACY = {
    "position": 30,
    "ar": {
        "title": "سياسة الخصوصية",
        "slug": "سياسة-الخصوصية",
        "body": """
<p>توضح هذه الصفحة ما يحتفظ به الموقع من معلومات عنكم، ولماذا، وإلى متى.</p>
<h2>القراءة</h2>
<p>قراءة الموقع لا تضع أي ملف تعريف ارتباط (كوكي) في متصفحكم. لا نستخدم ملفات تعريف ارتباط للإعلانات أو للتتبع، ولا أدوات إحصاء من جهات أخرى، والصفحة التي تقرؤونها هي نفسها لكل القراء.</p>
<p>المنشورات المضمّنة (يوتيوب وإكس وإنستغرام وتيك توك وفيسبوك وتيليغرام) لا يُحمَّل منها شيء قبل أن تضغطوا زر عرضها، وبعد ذلك تسري سياسة خصوصية الموقع الذي نُشرت فيه.</p>
<h2>التعليقات</h2>
<p>حين تعلّقون نحفظ اسمكم وبريدكم الإلكتروني وموقعكم الإلكتروني إن ذكرتموه ونص التعليق. يُنشر الاسم والتعليق (والموقع إن ذكرتموه) بعد موافقة المشرفين.</p>
<ul>
<li>بريدكم الإلكتروني لا يراه إلا مشرفو التعليقات، ولا يظهر في أي صفحة أو خلاصة أو رسالة إلى غيركم.</li>
<li>لا نرسل إليكم إشعارات الردود إلا إذا طلبتموها وأكدتم عنوانكم من الرابط الذي نرسله، وفي كل إشعار رابط لإلغاء الاشتراك بضغطة واحدة.</li>
<li>نحتفظ بعنوان الشبكة (IP) ومتصفحكم في صورة بصمات مشفّرة مع الشبكة التي جاء منها التعليق، لمكافحة الرسائل المزعجة والإساءة فقط، ونمحوها بعد {trace_days}.</li>
<li>يفحص برنامج آلي كل تعليق، تعلّم من قرارات مشرفينا، ويقرر المشرفون في ما لا يحسمه. التعليقات المصنفة رسائل مزعجة تُحذف بعد {spam_days}.</li>
</ul>
<h2>ملفات تعريف الارتباط التي نضعها</h2>
<ul>
<li>بعد إرسال تعليق: ملف يتيح لمتصفحكم وحده عرض تعليقكم وهو بانتظار المراجعة، مدة أسبوع.</li>
<li>بعد تأكيد بريدكم الإلكتروني: مفتاح موقّع يثبت أن التعليقات من هذا المتصفح منكم، مدة سنة، ولا يحوي عنوانكم ولا بصمته.</li>
</ul>
<h2>حقوقكم</h2>
<p>لكم أن تطلبوا معرفة ما نحتفظ به عنكم أو تصحيحه أو حذفه، بالكتابة إلينا كما في صفحة «اتصل بنا».</p>
""",
    },
    "en": {
        "title": "Privacy policy",
        "slug": "privacy-policy",
        "body": """
<p>This page explains what this site keeps about you, why, and for how long.</p>
<h2>Reading</h2>
<p>Reading the site puts no cookie in your browser. We use no advertising or tracking cookies and no third-party analytics, and the page you read is the same for every reader.</p>
<p>Embedded posts (YouTube, X, Instagram, TikTok, Facebook and Telegram) load nothing from their provider until you press the button to show them; from then on, that provider's privacy policy applies.</p>
<h2>Comments</h2>
<p>When you comment we keep your name, your email address, your website if you give one, and your comment. Your name and comment (and website, if given) are published once a moderator approves them.</p>
<ul>
<li>Your email address is seen by our comment moderators only, and never appears on any page, feed or message to anyone else.</li>
<li>We send you reply notifications only if you ask for them and confirm your address from the link we mail you; every notification carries a one-click unsubscribe link.</li>
<li>We keep your network address (IP) and browser as keyed hashes, with the network the comment came from, only to fight spam and abuse, and wipe them after {trace_days}.</li>
<li>An automated checker, trained on our moderators' decisions, reads every comment; moderators decide what it leaves open. Comments marked as spam are deleted after {spam_days}.</li>
</ul>
<h2>Cookies we set</h2>
<ul>
<li>After you send a comment: one that lets your browser alone show your comment while it awaits review, for a week.</li>
<li>After you confirm your email address: a signed key proving that comments from this browser are yours, for a year; it holds neither your address nor a hash of it.</li>
</ul>
<h2>Your rights</h2>
<p>You may ask what we keep about you, and have it corrected or deleted, by writing to us as our “Contact us” page says.</p>
""",
    },
}

TERMS = {
    "position": 40,
    "ar": {
        "title": "شروط الاستخدام",
        "slug": "شروط-الاستخدام",
        "body": """
<p>باستخدامكم هذا الموقع فإنكم توافقون على الشروط التالية.</p>
<h2>المحتوى</h2>
<p>الأخبار والصور والمواد المنشورة في الموقع محمية بحقوق النشر. يجوز الاقتباس القصير مع ذكر المصدر ورابط الخبر، ولا يجوز إعادة نشر المواد كاملة دون إذن مكتوب منا.</p>
<h2>التعليقات</h2>
<ul>
<li>التعليقات تعبّر عن أصحابها، وتخضع للمراجعة قبل نشرها.</li>
<li>لا ننشر الشتائم ولا التحريض ولا الإعلانات ولا ما ينتهك خصوصية الآخرين، ولنا أن نحذف أي تعليق يخالف ذلك.</li>
<li>بإرسال تعليق تمنحوننا حق نشره على الموقع.</li>
</ul>
<h2>المسؤولية</h2>
<p>نبذل جهدنا لتكون المعلومات دقيقة ومحدّثة، ونصحح ما يثبت خطؤه وفق سياسة التصحيح. لسنا مسؤولين عن محتوى المواقع الأخرى التي نربط إليها.</p>
<h2>التعديل</h2>
<p>قد نعدّل هذه الشروط، وتاريخ آخر تعديل مذكور أعلى الصفحة.</p>
""",
    },
    "en": {
        "title": "Terms of use",
        "slug": "terms-of-use",
        "body": """
<p>By using this site you agree to the following terms.</p>
<h2>Content</h2>
<p>The stories, photos and other material on this site are protected by copyright. Short quotations are welcome with credit and a link to the story; republishing material in full needs our written permission.</p>
<h2>Comments</h2>
<ul>
<li>Comments are their writers' own, and are reviewed before they are published.</li>
<li>We do not publish insults, incitement, advertising or anything that invades someone's privacy, and may remove any comment that does.</li>
<li>By sending a comment you allow us to publish it on this site.</li>
</ul>
<h2>Responsibility</h2>
<p>We do our best to keep what we publish accurate and current, and correct what proves wrong under our corrections policy. We are not responsible for the content of other sites we link to.</p>
<h2>Changes</h2>
<p>We may change these terms; the date of the latest change is shown at the top of this page.</p>
""",
    },
}

CORRECTIONS = {
    "position": 50,
    "ar": {
        "title": "سياسة التصحيح",
        "slug": "سياسة-التصحيح",
        "body": """
<p>نخطئ أحياناً، وحين نخطئ نصحح الخطأ بسرعة وعلناً.</p>
<h2>كيف نصحح</h2>
<ul>
<li><strong>تصحيح:</strong> حين يكون في الخبر خطأ في واقعة أو اسم أو رقم، نصححه ونضيف تحت الخبر ملاحظة «تصحيح» بتاريخها توضح ما تغيّر.</li>
<li><strong>تحديث:</strong> حين تستجد معلومات في قصة متطورة، نضيفها ونذكر «تحديث» بتاريخه.</li>
<li>الأخطاء الإملائية واللغوية التي لا تغيّر المعنى نصححها دون ملاحظة.</li>
</ul>
<p>لا نحذف خبراً منشوراً لمجرد أنه أصبح محرجاً. وإن سحبنا خبراً لأنه لا يستوفي معاييرنا، قلنا ذلك للقراء.</p>
<h2>أبلغونا</h2>
<p>إن وجدتم خطأً فاكتبوا إلينا مع رابط الخبر، كما في صفحة «اتصل بنا». يراجع كل بلاغ محرر لم يكتب الخبر.</p>
""",
    },
    "en": {
        "title": "Corrections policy",
        "slug": "corrections-policy",
        "body": """
<p>We sometimes get things wrong, and when we do we correct them promptly and in public.</p>
<h2>How we correct</h2>
<ul>
<li><strong>Correction:</strong> when a story has a fact, a name or a figure wrong, we fix it and add a dated “Correction” note under the story saying what changed.</li>
<li><strong>Update:</strong> when a developing story moves on, we add what is new and mark it “Update”, with its date.</li>
<li>Spelling and grammar slips that change no meaning are fixed without a note.</li>
</ul>
<p>We do not remove a published story because it has become embarrassing. If we withdraw one because it falls short of our standards, we tell readers so.</p>
<h2>Tell us</h2>
<p>If you find a mistake, write to us with the story's link, as our “Contact us” page says. Every report is reviewed by an editor who did not write the story.</p>
""",
    },
}

PAGES = (ABOUT, CONTACT, PRIVACY, TERMS, CORRECTIONS)
