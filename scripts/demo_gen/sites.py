"""Content of the demo captures. Everything is fictional and benign; alleged
content only appears as neutral grey placeholder boxes that describe it."""
from lib import cap, ph

SITES = []
add = SITES.append

AR_NAV = ["الرئيسية", "أخبار", "مقالات", "تواصل معنا"]

# ---------------------------------------------------------------- Arabic
# 1. SUPPORTED: recruitment appeal (placeholder)
add(cap("nashra-daily-2026-02-21", "https://nashra-daily.example/news/1402", "2026-02-21T09:12:44Z", "ar",
    "النشرة اليومية — العدد 1402", "النشرة اليومية", AR_NAV, """
<h1>العدد 1402</h1>
<p class="meta">نُشر في 18 فبراير 2026</p>
<p>نقدّم لكم في هذا العدد مجموعة من المواد المختارة من الأسبوع الماضي.</p>
""" + ph("[Placeholder for demo: this section shows a recruitment appeal urging readers to travel and join an armed group, with a messaging contact. No real content is reproduced.]",
         "[نص بديل للعرض التوضيحي: يعرض هذا القسم نداءً للتجنيد يحثّ القرّاء على السفر والانضمام إلى جماعة مسلحة، مع وسيلة تواصل عبر تطبيق مراسلة. لا يُعاد نشر أي محتوى حقيقي.]", "ar") + """
<h2>الأعداد السابقة</h2>
<ul><li>العدد 1401</li><li>العدد 1400</li><li>العدد 1399</li></ul>
""", "© النشرة اليومية", ("#2f2f2f", "#5a3e1b", "#eeeeee")))

# 2. SUPPORTED: glorification of an attack (placeholder)
add(cap("mansat-alsada-2026-02-27", "https://mansat-alsada.test/videos", "2026-02-27T18:30:05Z", "ar",
    "منصة الصدى — مقاطع مرئية", "منصة الصدى", ["الرئيسية", "مقاطع", "بيانات", "الأرشيف"], """
<h1>أحدث المقاطع</h1>
<p class="meta">تحديث: 26 فبراير 2026</p>
<div class="post"><div class="who">مقطع مرئي — 12:40</div>
""" + ph("[Placeholder for demo: a video post that glorifies an armed attack, calls its perpetrators heroes and urges more attacks. No real content is reproduced.]",
         "[نص بديل للعرض التوضيحي: منشور مرئي يمجّد هجومًا مسلحًا ويصف منفّذيه بالأبطال ويدعو إلى هجمات أخرى. لا يُعاد نشر أي محتوى حقيقي.]", "ar") + """</div>
<div class="post"><div class="who">مقطع مرئي — 08:15</div>
""" + ph("[Placeholder for demo: a second video post reusing the same images, with a caption praising the attack. No real content is reproduced.]") + """</div>
<p>لتحميل المقاطع السابقة راجعوا صفحة الأرشيف.</p>
""", "منصة الصدى", ("#111111", "#7a1f1f", "#dddddd")))

# 3. REMOVED: youth blog, pinned post present on 02-05, gone on 03-14
MINBAR_TOP = """
<h1>منبر الشباب — مقالات وآراء</h1>
<p class="meta">مدوّنة يكتب فيها الطلاب والشباب</p>
"""
MINBAR_STUDY = """
<div class="post"><div class="who">كيف تنظّم وقتك في أيام الامتحانات</div>
<p>نصائح بسيطة للطلاب: نوم كافٍ، وجدول واضح، واستراحة قصيرة كل ساعة.</p></div>
"""
add(cap("minbar-alshabab-2026-02-05", "https://minbar-alshabab.example/", "2026-02-05T21:14:09Z", "ar",
    "منبر الشباب", "منبر الشباب", ["الرئيسية", "مقالات", "مسابقات", "من نحن"], MINBAR_TOP + """
<div class="post"><div class="who">منشور مثبّت</div>
""" + ph("[Placeholder for demo: a pinned post that glorifies a recent attack and calls on young people to join an armed group. No real content is reproduced.]",
         "[نص بديل للعرض التوضيحي: منشور مثبّت يمجّد هجومًا وقع مؤخرًا ويدعو الشباب إلى الانضمام إلى جماعة مسلحة. لا يُعاد نشر أي محتوى حقيقي.]", "ar") + "</div>" + MINBAR_STUDY + """
<div class="post"><div class="who">مسابقة القصة القصيرة لهذا الشهر</div>
<p>آخر موعد لإرسال القصص هو نهاية الشهر.</p></div>
""", "منبر الشباب", ("#1d4e6b", "#1d4e6b", "#e8eef2")))
add(cap("minbar-alshabab-2026-03-14", "https://minbar-alshabab.example/", "2026-03-14T08:02:51Z", "ar",
    "منبر الشباب", "منبر الشباب", ["الرئيسية", "مقالات", "مسابقات", "من نحن"], MINBAR_TOP + """
<div class="post"><div class="who">تنبيه من الإدارة</div>
<p>تمّ تحديث قواعد النشر في المنبر. يُرجى قراءتها قبل المشاركة.</p></div>
""" + MINBAR_STUDY + """
<div class="post"><div class="who">مسابقة القصة القصيرة لهذا الشهر</div>
<p>تمّ تمديد موعد إرسال القصص حتى 31 مارس.</p></div>
""", "منبر الشباب", ("#1d4e6b", "#1d4e6b", "#e8eef2")))

# 4. cooking
add(cap("matbakh-sara-2026-02-09", "https://matbakh-sara.example/recipes/maqluba", "2026-02-09T13:05:27Z", "ar",
    "المقلوبة بالدجاج والباذنجان — مطبخ سارة", "مطبخ سارة", ["الرئيسية", "وصفات", "حلويات", "نصائح"], """
<h1>المقلوبة بالدجاج والباذنجان</h1>
<p>المقلوبة طبق فلسطيني وشامي مشهور، وتُقدَّم عادةً في غداء يوم الجمعة مع اللبن والسلطة.</p>
<h2>المكوّنات</h2>
<ul>
<li>كوبان من الأرز المصري</li>
<li>دجاجة مقطّعة إلى أجزاء</li>
<li>حبتان من الباذنجان مقطّعتان شرائح ومقليّتان</li>
<li>بصلة، وملح، وبهارات مشكّلة</li>
</ul>
<h2>طريقة التحضير</h2>
<ol>
<li>اسلقي الدجاج مع البصل والبهارات.</li>
<li>رتّبي الدجاج ثم الباذنجان في قاع القدر.</li>
<li>أضيفي الأرز المنقوع ثم المرق، واتركيه على نار هادئة 30 دقيقة.</li>
<li>اقلبي القدر على صينية كبيرة وقدّميها ساخنة.</li>
</ol>
""", "مطبخ سارة — وصفات بيتية", ("#b5502b", "#b5502b", "#fbf3ea")))

# 5. IDN news site: أخبار.example, recorded in punycode like a crawler would
add(cap("akhbar-idn-2026-03-02", "https://xn--igbicxr.example/", "2026-03-02T07:45:00Z", "ar",
    "أخبار المدينة", "أخبار المدينة", ["الرئيسية", "محليات", "اقتصاد", "رياضة"], """
<h1>افتتاح مكتبة عامة جديدة في حي الروضة</h1>
<p class="meta">2 مارس 2026</p>
<p>افتتحت البلدية صباح اليوم مكتبة عامة جديدة تضمّ أكثر من عشرين ألف كتاب وقاعة مخصّصة للأطفال.</p>
<p>وقال مدير المكتبة إن ساعات العمل ستمتدّ من التاسعة صباحًا حتى الثامنة مساءً طوال أيام الأسبوع ما عدا الجمعة.</p>
<h2>أخبار أخرى</h2>
<ul>
<li>ارتفاع طفيف في أسعار الخضار مع بداية الشهر</li>
<li>إغلاق مؤقت لشارع الجامعة بسبب أعمال الصيانة</li>
<li>فريق المدرسة الثانوية يفوز ببطولة الشطرنج المحلية</li>
</ul>
""", "أخبار المدينة — موقع إخباري محلي", ("#0b5d3b", "#0b5d3b", "#eef4f0")))

# 6. sport
add(cap("malaeb-sport-2026-02-16", "https://www.malaeb-sport.example/", "2026-02-16T20:50:12Z", "ar",
    "ملاعب — أخبار الرياضة", "ملاعب", ["الرئيسية", "كرة القدم", "كرة السلة", "النتائج"], """
<h1>نادي النجوم يتعادل مع نادي الساحل 1–1</h1>
<p>انتهت مباراة مساء أمس في الملعب البلدي بالتعادل بهدف لكل فريق، بعد شوط أول سيطر عليه أصحاب الأرض.</p>
<p>وسجّل هدف النجوم اللاعب الشاب سامي حداد في الدقيقة 34، بينما أدرك الساحل التعادل في الدقيقة 78 من ركلة جزاء.</p>
<h2>ترتيب الدوري</h2>
<table>
<tr><th>المركز</th><th>النادي</th><th>النقاط</th></tr>
<tr><td>1</td><td>نادي الساحل</td><td>41</td></tr>
<tr><td>2</td><td>نادي النجوم</td><td>39</td></tr>
<tr><td>3</td><td>نادي الوحدة</td><td>35</td></tr>
</table>
""", "ملاعب © 2026", ("#0d3b8c", "#0d3b8c", "#eef1f8")))

# 7. mosque prayer times
add(cap("masjid-alnoor-2026-02-12", "https://masjid-alnoor.example/prayer-times", "2026-02-12T05:20:31Z", "ar",
    "مواقيت الصلاة — مسجد النور", "مسجد النور", ["الرئيسية", "مواقيت الصلاة", "الدروس", "التبرعات"], """
<h1>مواقيت الصلاة</h1>
<p>مواقيت الصلاة لهذا الأسبوع حسب التوقيت المحلي.</p>
<table>
<tr><th>الفجر</th><td>5:12</td><th>الظهر</th><td>12:18</td></tr>
<tr><th>الشروق</th><td>6:35</td><th>العصر</th><td>3:32</td></tr>
<tr><th>المغرب</th><td>6:01</td><th>العشاء</th><td>7:20</td></tr>
</table>
<p>درس التفسير الأسبوعي يوم الخميس بعد صلاة المغرب، والدعوة عامة للجميع.</p>
<p>يُرجى من الإخوة عدم إيقاف السيارات أمام المدخل الرئيسي يوم الجمعة.</p>
<p>صندوق التبرعات لترميم قاعة الوضوء موجود عند الباب الشرقي.</p>
""", "مسجد النور", ("#2e6b5e", "#2e6b5e", "#f1f6f4")))

# 8. neighbourhood forum
add(cap("muntada-alzahra-2026-03-05", "https://muntada-alzahra.example/forum", "2026-03-05T19:11:48Z", "ar",
    "منتدى حي الزهراء — المواضيع الأخيرة", "منتدى حي الزهراء", ["المنتدى", "إعلانات", "مفقودات", "تسجيل الدخول"], """
<h1>المواضيع الأخيرة</h1>
<table>
<tr><th>الموضوع</th><th>الكاتب</th><th>الردود</th></tr>
<tr><td>هل يعرف أحد سبّاكًا جيدًا في الحي؟</td><td>أبو خالد</td><td>12</td></tr>
<tr><td>انقطاع المياه يوم السبت من الساعة 8 إلى 2</td><td>الإدارة</td><td>3</td></tr>
<tr><td>قطة رمادية ضائعة قرب المخبز</td><td>ريم</td><td>7</td></tr>
<tr><td>حملة تنظيف للحديقة العامة يوم الجمعة القادم</td><td>لجنة الحي</td><td>21</td></tr>
</table>
<p>قواعد المنتدى: الاحترام المتبادل، ولا إعلانات تجارية دون إذن من الإدارة.</p>
""", "منتدى حي الزهراء", ("#5b4a8b", "#5b4a8b", "#f3f1f8")))

# 9. weather
add(cap("taqs-alkhaleej-2026-02-19", "https://taqs-alkhaleej.example/", "2026-02-19T04:00:00Z", "ar",
    "طقس الخليج — توقعات اليوم", "طقس الخليج", ["اليوم", "الأسبوع", "الخرائط", "التنبيهات"], """
<h1>توقعات الطقس لليوم</h1>
<p>أجواء مشمسة إلى غائمة جزئيًا، مع رياح شمالية غربية خفيفة إلى معتدلة.</p>
<table>
<tr><th>المدينة</th><th>العظمى</th><th>الصغرى</th></tr>
<tr><td>الدوحة</td><td>27</td><td>18</td></tr>
<tr><td>المنامة</td><td>26</td><td>19</td></tr>
<tr><td>مسقط</td><td>29</td><td>21</td></tr>
<tr><td>دبي</td><td>28</td><td>20</td></tr>
</table>
<p>ينصح المركز بالحذر أثناء القيادة في الصباح الباكر بسبب الضباب في بعض المناطق الساحلية.</p>
""", "طقس الخليج", ("#1f7fb8", "#1f7fb8", "#eaf4fb")))

# 10. Palestinian advocacy / research centre
add(cap("markaz-albayyara-2026-02-24", "https://markaz-albayyara.example/", "2026-02-24T11:37:02Z", "ar",
    "مركز البيّارة للدراسات", "مركز البيّارة للدراسات وحقوق الإنسان", ["الرئيسية", "تقارير", "فعاليات", "تواصل"], """
<h1>تقرير جديد: الحق في التعليم تحت الاحتلال</h1>
<p class="meta">24 فبراير 2026</p>
<p>أصدر المركز اليوم تقريره السنوي حول وصول الطلاب الفلسطينيين إلى المدارس والجامعات.</p>
<p>يوثّق التقرير تأخير الطلاب على الحواجز ونقص الغرف الصفية، ويدعو إلى حماية المؤسسات التعليمية وفق القانون الدولي.</p>
<p>ندعو الصحفيين والباحثين إلى حضور المؤتمر الصحفي يوم الثلاثاء في مقر المركز.</p>
""", "مركز البيّارة — مؤسسة غير ربحية", ("#6b2d2d", "#3c6e2f", "#f6f3ef")))

# 11. lifestyle
add(cap("bayt-wa-usra-2026-03-07", "https://bayt-wa-usra.example/", "2026-03-07T15:22:10Z", "ar",
    "بيت وأسرة — خمس أفكار لترتيب غرفة الأطفال", "بيت وأسرة", ["الرئيسية", "الأسرة", "الديكور", "الصحة"], """
<h1>خمس أفكار لترتيب غرفة الأطفال</h1>
<p>غرفة الأطفال تمتلئ بسرعة. إليكم أفكارًا بسيطة تساعد على إبقائها مرتبة.</p>
<ol>
<li>استخدموا صناديق ملوّنة للألعاب، لكل نوع صندوق.</li>
<li>خصّصوا رفًا منخفضًا للكتب يصل إليه الطفل وحده.</li>
<li>علّقوا الملابس اليومية على مشاجب عند الباب.</li>
<li>اجعلوا ترتيب الغرفة لعبة قصيرة قبل النوم.</li>
<li>تخلّصوا كل شهر من الألعاب المكسورة.</li>
</ol>
""", "بيت وأسرة", ("#c0587e", "#c0587e", "#fbf0f4")))

# ---------------------------------------------------------------- Sorani Kurdish
CKB_NAV = ["سەرەکی", "هەواڵ", "وتار", "پەیوەندی"]
add(cap("kurdistan-news-2026-02-14", "https://kurdistan-news.example/", "2026-02-14T10:03:55Z", "ckb",
    "هەواڵنامەی کوردستان", "هەواڵنامەی کوردستان", CKB_NAV, """
<h1>پردێکی نوێ لە ناوەندی شار کرایەوە</h1>
<p class="meta">١٤ی شوباتی ٢٠٢٦</p>
<p>ئەمڕۆ پردێکی نوێ لە ناوەندی شار کرایەوە. پردەکە هاتوچۆ لە نێوان هەردوو بەشی شاردا ئاسانتر دەکات.</p>
<p>بەپێی شارەوانی، کارکردن لەسەر پردەکە دوو ساڵی خایاند.</p>
<h2>هەواڵی تر</h2>
<ul>
<li>باران بۆ سێ ڕۆژ بەردەوام دەبێت</li>
<li>پێشانگای کتێب هەفتەی داهاتوو دەکرێتەوە</li>
<li>تیپی تۆپی پێی شار یاری کۆتایی بردەوە</li>
</ul>
""", "هەواڵنامەی کوردستان", ("#c8102e", "#c8102e", "#f7f2f2")))

add(cap("dengi-azadi-2026-02-28", "https://dengi-azadi.example/", "2026-02-28T13:48:20Z", "ckb",
    "دەنگی ئازادی — بۆچی ڕیفراندۆم گرنگە؟", "دەنگی ئازادی", CKB_NAV, """
<h1>بۆچی ڕیفراندۆم گرنگە؟</h1>
<p>ئێمە پشتگیری لە مافی گەلی کورد دەکەین بۆ دیاریکردنی چارەنووسی خۆی، بە ڕێگای ئاشتییانە و دیموکراسی.</p>
<p>ڕیفراندۆم ڕێگایەکە بۆ ئەوەی خەڵک بە دەنگی خۆیان بڕیار بدەن.</p>
<p>کۆبوونەوەی داهاتوومان ڕۆژی هەینی لە هۆڵی ڕۆشنبیری دەبێت. هەموو کەسێک بەخێربێت.</p>
""", "دەنگی ئازادی", ("#e0a800", "#8a6500", "#fffaf0")))

add(cap("kesh-u-hewa-2026-03-03", "https://kesh-u-hewa.example/", "2026-03-03T06:15:40Z", "ckb",
    "کەش و هەوا — پێشبینی ئەمڕۆ", "کەش و هەوا", ["ئەمڕۆ", "هەفتە", "نەخشە"], """
<h1>پێشبینی کەش و هەوای ئەمڕۆ</h1>
<p>ئەمڕۆ ئاسمان هەوراوی دەبێت و ئەگەری بارانی کەم هەیە.</p>
<table>
<tr><th>شار</th><th>بەرزترین</th><th>نزمترین</th></tr>
<tr><td>هەولێر</td><td>١٦</td><td>٨</td></tr>
<tr><td>سلێمانی</td><td>١٤</td><td>٦</td></tr>
<tr><td>دهۆک</td><td>١٣</td><td>٥</td></tr>
<tr><td>کەرکووک</td><td>١٧</td><td>٩</td></tr>
</table>
<p>بۆ سبەینێ چاوەڕێی ئاسمانێکی ساماڵ دەکرێت.</p>
""", "کەش و هەوا", ("#2a7ab0", "#2a7ab0", "#eef5fa")))

add(cap("chesht-xane-2026-02-08", "https://chesht-xane.example/dolma", "2026-02-08T17:33:03Z", "ckb",
    "دۆڵمەی ماڵەوە — چێشتخانەی دایە", "چێشتخانەی دایە", ["سەرەکی", "خواردن", "شیرینی"], """
<h1>دۆڵمەی ماڵەوە</h1>
<p>دۆڵمە یەکێکە لە خواردنە بەناوبانگەکانی کوردستان و زۆرجار لە ڕۆژانی هەینیدا دروست دەکرێت.</p>
<h2>پێکهاتەکان</h2>
<ul>
<li>دوو پەرداخ برنج</li>
<li>گەڵای مێو</li>
<li>پیاز، تەماتە و بیبەر</li>
<li>ڕۆنی زەیتوون، خوێ و بیبەری ڕەش</li>
</ul>
<h2>شێوازی دروستکردن</h2>
<p>برنجەکە لەگەڵ پیاز و تەماتەدا تێکەڵ بکە، پاشان لە ناو گەڵای مێودا بیپێچە. بۆ ماوەی یەک کاتژمێر لەسەر ئاگرێکی هێمن بیکوڵێنە.</p>
""", "چێشتخانەی دایە", ("#7a8b2e", "#5e6b21", "#f7f8ee")))

# ---------------------------------------------------------------- Persian
FA_NAV = ["صفحه‌ی اصلی", "خبرها", "یادداشت‌ها", "تماس"]
# 17. news report quoting a claim of responsibility: inconclusive
add(cap("khabarnameh-2026-03-10", "https://khabarnameh.example/", "2026-03-10T09:58:14Z", "fa",
    "خبرنامه — انفجار در نزدیکی یک پاسگاه مرزی", "خبرنامه", FA_NAV, """
<h1>انفجار در نزدیکی یک پاسگاه مرزی؛ دو نفر زخمی شدند</h1>
<p>به گزارش خبرنگار ما، صبح امروز انفجاری در نزدیکی یک پاسگاه مرزی رخ داد. به گفته‌ی مقام‌های محلی، دو نفر زخمی و به بیمارستان منتقل شدند.</p>
<p>ساعاتی پس از این حادثه، یک گروه مسلح در پیامی مسئولیت آن را بر عهده گرفت. بخشی از این پیام در زیر آمده است:</p>
<blockquote>""" + ph("[Placeholder for demo: a quoted statement by an armed group claiming and praising the attack, reproduced inside a news report. No real content is reproduced.]",
                   "[متن جایگزین برای نسخه‌ی نمایشی: اینجا نقل‌قولی از بیانیه‌ی یک گروه مسلح آمده است که مسئولیت حمله را می‌پذیرد و آن را ستایش می‌کند. هیچ محتوای واقعی بازنشر نشده است.]", "fa") + """</blockquote>
<p>پلیس تحقیقات را آغاز کرده است. کارشناسان می‌گویند انتشار چنین پیام‌هایی بیشتر با هدف تبلیغات انجام می‌شود.</p>
""", "خبرنامه — پایگاه خبری مستقل", ("#333f48", "#8b1e1e", "#f2f2f2")))

add(cap("havashenasi-tabriz-2026-02-22", "https://havashenasi-tabriz.example/", "2026-02-22T05:40:09Z", "fa",
    "هواشناسی تبریز", "هواشناسی تبریز", ["امروز", "سه روز آینده", "کیفیت هوا"], """
<h1>پیش‌بینی هوای تبریز برای سه روز آینده</h1>
<table>
<tr><th>روز</th><th>وضعیت</th><th>بیشینه</th><th>کمینه</th></tr>
<tr><td>امروز</td><td>ابری با احتمال بارش برف</td><td>۲</td><td>منفی ۵</td></tr>
<tr><td>فردا</td><td>نیمه‌ابری</td><td>۴</td><td>منفی ۳</td></tr>
<tr><td>پس‌فردا</td><td>آفتابی</td><td>۶</td><td>منفی ۲</td></tr>
</table>
<p>از رانندگان خواسته می‌شود در جاده‌های کوهستانی زنجیر چرخ همراه داشته باشند.</p>
<p>کیفیت هوای امروز در وضعیت «قابل قبول» است.</p>
""", "هواشناسی تبریز", ("#3b6ea5", "#3b6ea5", "#eef3f9")))

add(cap("ashpazi-maman-2026-03-06", "https://ashpazi-maman.example/", "2026-03-06T12:41:27Z", "fa",
    "خورش قورمه‌سبزی — آشپزی مامان", "آشپزی مامان", ["صفحه‌ی اصلی", "خورش‌ها", "شیرینی‌ها"], """
<h1>خورش قورمه‌سبزی</h1>
<p>قورمه‌سبزی یکی از محبوب‌ترین خورش‌های ایرانی است و معمولاً با برنج سفید سرو می‌شود.</p>
<h2>مواد لازم</h2>
<ul>
<li>۵۰۰ گرم گوشت گوسفندی</li>
<li>۵۰۰ گرم سبزی قورمه (تره، جعفری، گشنیز و کمی شنبلیله)</li>
<li>یک پیمانه لوبیا قرمز</li>
<li>۴ عدد لیموعمانی</li>
<li>پیاز، زردچوبه، نمک و فلفل</li>
</ul>
<p>سبزی را سرخ کنید تا رنگش تیره شود. گوشت و پیاز را تفت دهید، سپس لوبیا و آب را اضافه کنید. در پایان سبزی و لیموعمانی را بریزید و بگذارید دو ساعت روی حرارت ملایم جا بیفتد.</p>
""", "آشپزی مامان", ("#9c4f1d", "#9c4f1d", "#fcf5ee")))

# 20. REMOVED: channel mirror blog, pinned recruitment post on 02-11, gone on 03-09
NEGAH_BOOK = """
<div class="post"><div class="who">معرفی کتاب: «بوف کور» اثر صادق هدایت</div>
<p>این هفته یکی از مهم‌ترین رمان‌های فارسی را معرفی می‌کنیم.</p></div>
"""
NEGAH_PHOTO = """
<div class="post"><div class="who">عکس روز</div>
<p>غروب آفتاب در کنار دریاچه‌ی ارومیه.</p></div>
"""
NEGAH_HEAD = """
<h1>آخرین پست‌های کانال</h1>
<p class="meta">نسخه‌ی وب کانال نگاه</p>
"""
add(cap("kanal-negah-2026-02-11", "https://kanal-negah.example/", "2026-02-11T16:40:02Z", "fa",
    "کانال نگاه", "کانال نگاه", ["پست‌ها", "آرشیو", "درباره‌ی ما"], NEGAH_HEAD + """
<div class="post"><div class="who">پست سنجاق‌شده</div>
""" + ph("[Placeholder for demo: this post is a recruitment appeal asking readers to join an armed group and giving a messenger ID to contact. No real content is reproduced.]",
         "[متن جایگزین برای نسخه‌ی نمایشی: این پست یک فراخوان عضوگیری است که از خوانندگان می‌خواهد به یک گروه مسلح بپیوندند و یک شناسه‌ی پیام‌رسان برای تماس می‌دهد. هیچ محتوای واقعی بازنشر نشده است.]", "fa") + "</div>" + NEGAH_BOOK + NEGAH_PHOTO,
    "کانال نگاه", ("#24445c", "#24445c", "#edf1f4")))
add(cap("kanal-negah-2026-03-09", "https://kanal-negah.example/", "2026-03-09T12:25:33Z", "fa",
    "کانال نگاه", "کانال نگاه", ["پست‌ها", "آرشیو", "درباره‌ی ما"], NEGAH_HEAD + """
<div class="post"><div class="who">اطلاعیه</div>
<p>برنامه‌ی شب شعر این ماه: پنجشنبه ساعت ۸ شب.</p></div>
""" + NEGAH_BOOK + NEGAH_PHOTO,
    "کانال نگاه", ("#24445c", "#24445c", "#edf1f4")))

# ---------------------------------------------------------------- Urdu
UR_NAV = ["صفحۂ اول", "خبریں", "کالم", "رابطہ"]
add(cap("urdu-akhbar-2026-02-17", "https://urdu-akhbar.example/", "2026-02-17T14:26:39Z", "ur",
    "اردو اخبار — شہر میں نئی بس سروس", "اردو اخبار", UR_NAV, """
<h1>شہر میں نئی بس سروس کا آغاز</h1>
<p>شہری انتظامیہ نے آج سے نئی بس سروس شروع کر دی ہے۔ پہلے مرحلے میں بیس بسیں تین راستوں پر چلیں گی۔</p>
<p>ٹکٹ کی قیمت پچاس روپے رکھی گئی ہے، جبکہ طلبہ آدھی قیمت پر سفر کر سکیں گے۔</p>
<h2>مزید خبریں</h2>
<ul>
<li>کل سے موسم سرد رہنے کا امکان</li>
<li>کتاب میلہ جمعہ سے شروع ہوگا</li>
</ul>
""", "اردو اخبار", ("#14532d", "#14532d", "#f0f5f1")))

add(cap("cricket-lahore-2026-03-01", "https://cricket-lahore.example/", "2026-03-01T18:05:50Z", "ur",
    "کرکٹ لاہور — مقامی لیگ کا فائنل", "کرکٹ لاہور", ["خبریں", "اسکور", "ٹیمیں"], """
<h1>مقامی لیگ: گلبرگ کلب نے فائنل جیت لیا</h1>
<p>گلبرگ کلب نے دلچسپ مقابلے کے بعد ماڈل ٹاؤن جمخانہ کو چار وکٹوں سے شکست دے دی۔</p>
<p>نوجوان بلے باز عمران علی نے شاندار 77 رنز بنائے اور میچ کے بہترین کھلاڑی قرار پائے۔</p>
<p>اگلے سیزن کے لیے ٹرائلز اپریل میں ہوں گے۔</p>
""", "کرکٹ لاہور", ("#1b6e3a", "#1b6e3a", "#f1f7f2")))

add(cap("pakwan-ghar-2026-02-25", "https://pakwan-ghar.example/chicken-biryani", "2026-02-25T10:19:03Z", "ur",
    "آسان چکن بریانی — پکوان گھر", "پکوان گھر", ["ترکیبیں", "میٹھے", "مشورے"], """
<h1>آسان چکن بریانی</h1>
<p>بریانی پاکستان کی سب سے پسندیدہ ڈشوں میں سے ایک ہے۔ یہ ترکیب گھر پر آسانی سے بنائی جا سکتی ہے۔</p>
<ul>
<li>ایک کلو چکن</li>
<li>آدھا کلو باسمتی چاول</li>
<li>دو پیاز، دو ٹماٹر، ایک کپ دہی</li>
<li>بریانی مصالحہ، نمک اور ہری مرچ</li>
</ul>
<p>چاول آدھے ابال لیں۔ چکن کو مصالحے کے ساتھ پکائیں، پھر چاول کی تہہ لگا کر بیس منٹ دم پر رکھیں۔</p>
""", "پکوان گھر", ("#a33b20", "#a33b20", "#fcf3ef")))

add(cap("masjid-madina-lahore-2026-03-12", "https://masjid-madina-lahore.example/namaz-auqat", "2026-03-12T03:55:41Z", "ur",
    "اوقاتِ نماز — مسجد مدینہ", "مسجد مدینہ", ["صفحۂ اول", "اوقاتِ نماز", "درس", "عطیات"], """
<h1>اوقاتِ نماز</h1>
<table>
<tr><th>فجر</th><td>5:20</td><th>ظہر</th><td>12:25</td><th>عصر</th><td>3:50</td></tr>
<tr><th>مغرب</th><td>6:05</td><th>عشاء</th><td>7:30</td><th>جمعہ</th><td>1:30</td></tr>
</table>
<p>جمعہ کا خطبہ اردو میں ہوگا۔ براہ کرم وقت سے پہلے تشریف لائیں۔</p>
<p>بچوں کے لیے ناظرہ قرآن کی کلاس روزانہ عصر کے بعد ہوتی ہے۔</p>
""", "مسجد مدینہ", ("#1f5f5b", "#1f5f5b", "#eff6f5")))

# 27. SUPPORTED: forum thread sharing a recruitment video (placeholder)
add(cap("guftagu-forum-2026-03-04", "https://guftagu-forum.example/thread/88", "2026-03-04T22:47:16Z", "ur",
    "ویڈیو لنک — گفتگو فورم", "گفتگو فورم", ["فورم", "نئے موضوعات", "قواعد", "لاگ اِن"], """
<h1>ویڈیو لنک — ضرور دیکھیں</h1>
<div class="post"><div class="who">مسافر_21</div>
""" + ph("[Placeholder for demo: this post shares a link to a recruitment video and praises it, urging readers to join an armed group. No real content is reproduced.]",
         "[ڈیمو کے لیے متبادل متن: اس پوسٹ میں بھرتی کی ایک ویڈیو کا لنک اور اس کی تعریف ہے، جو قارئین کو ایک مسلح گروہ میں شامل ہونے پر اکساتی ہے۔ کوئی حقیقی مواد شامل نہیں کیا گیا۔]", "ur") + """</div>
<div class="post"><div class="who">راہی</div>
""" + ph("[Placeholder for demo: a reply repeating the call to join and posting a messenger contact handle. No real content is reproduced.]") + """</div>
""", "گفتگو فورم", ("#3d3d5c", "#3d3d5c", "#f0f0f5")))

# ---------------------------------------------------------------- Russian
# 28. Chechen independence blog; alleged URL was /2026/02/zayavlenie, capture is the homepage
add(cap("ichkeria-voice-2026-02-20", "https://ichkeria-voice.example/", "2026-02-20T16:02:37Z", "ru",
    "Голос Ичкерии — блог", "Голос Ичкерии", ["Главная", "История", "Культура", "О нас"], """
<h1>Почему мы говорим о независимости</h1>
<p>Этот блог ведут чеченцы, живущие в Европе. Мы пишем об истории, культуре и о праве народов на самоопределение.</p>
<p>Мы выступаем только за мирные и законные методы: публикации, выставки, обращения в международные организации.</p>
<p>В субботу в нашем культурном центре пройдёт вечер чеченской музыки и поэзии. Вход свободный.</p>
<h2>Последние записи</h2>
<ul>
<li>1944: память о депортации</li>
<li>Чеченский язык для детей: новые уроки</li>
<li>Отчёт о конференции по правам человека</li>
</ul>
""", "© Голос Ичкерии", ("#1e5631", "#1e5631", "#f0f4f1")))

add(cap("pogoda-grozny-2026-03-08", "https://pogoda-grozny.example/", "2026-03-08T05:10:22Z", "ru",
    "Погода в Грозном на неделю", "Погода в Грозном", ["Сегодня", "Неделя", "Карта"], """
<h1>Прогноз погоды на неделю</h1>
<table>
<tr><th>День</th><th>Днём</th><th>Ночью</th><th>Осадки</th></tr>
<tr><td>Пн</td><td>+12</td><td>+3</td><td>облачно</td></tr>
<tr><td>Вт</td><td>+14</td><td>+4</td><td>солнечно</td></tr>
<tr><td>Ср</td><td>+9</td><td>+2</td><td>дождь</td></tr>
<tr><td>Чт</td><td>+11</td><td>+1</td><td>переменная облачность</td></tr>
</table>
<p>В среду ожидается сильный дождь, возможен подъём уровня воды в Сунже.</p>
<p>Давление в норме, ветер западный, 3–5 м/с.</p>
""", "Погода в Грозном", ("#3477b5", "#3477b5", "#eef4fa")))

add(cap("kavkaz-kukhnya-2026-02-13", "https://kavkaz-kukhnya.example/", "2026-02-13T12:03:48Z", "ru",
    "Чепалгаш — Кавказская кухня", "Кавказская кухня", ["Рецепты", "Выпечка", "Супы"], """
<h1>Чепалгаш — чеченские лепёшки с творогом</h1>
<p>Чепалгаш — традиционное чеченское блюдо: тонкие лепёшки с начинкой из творога или тыквы. Их подают горячими, смазав сливочным маслом.</p>
<h2>Ингредиенты</h2>
<ul>
<li>500 г муки</li>
<li>250 мл кефира</li>
<li>1/2 ч. л. соды, соль</li>
<li>400 г творога, 1 яйцо</li>
<li>сливочное масло</li>
</ul>
<p>Замесите мягкое тесто, разделите его на шарики, положите начинку и раскатайте в тонкую лепёшку. Жарьте на сухой сковороде по минуте с каждой стороны.</p>
""", "Кавказская кухня", ("#8c2f39", "#8c2f39", "#faf1f1")))

# ---------------------------------------------------------------- Turkish
add(cap("mahalle-forumu-2026-02-26", "https://mahalle-forumu.example/", "2026-02-26T20:14:30Z", "tr",
    "Yıldıztepe Mahalle Forumu", "Yıldıztepe Mahalle Forumu", ["Forum", "Duyurular", "Kayıp-Buluntu", "Giriş"], """
<h1>Son konular</h1>
<table>
<tr><th>Konu</th><th>Yazan</th><th>Cevap</th></tr>
<tr><td>Pazar yerinin yeri değişiyor mu?</td><td>ayse_k</td><td>14</td></tr>
<tr><td>Kayıp kedi: turuncu, tasması mavi</td><td>mert34</td><td>6</td></tr>
<tr><td>Çarşamba günü su kesintisi olacak</td><td>yönetim</td><td>2</td></tr>
<tr><td>Parktaki banklar ne zaman tamir edilecek?</td><td>hasan.usta</td><td>9</td></tr>
</table>
<p>Forum kuralları: Saygılı olun, reklam yapmayın, kişisel bilgileri paylaşmayın.</p>
""", "Yıldıztepe Mahalle Forumu", ("#d35400", "#a04000", "#fdf3ec")))

add(cap("haber-dogu-2026-03-11", "https://haber-dogu.example/", "2026-03-11T08:33:00Z", "tr",
    "Doğu Haber — Van'da okullar tatil", "Doğu Haber", ["Gündem", "Ekonomi", "Spor", "Kültür"], """
<h1>Van'da kar nedeniyle okullar tatil edildi</h1>
<p class="meta">11 Mart 2026</p>
<p>Van Valiliği, yoğun kar yağışı nedeniyle okulların iki gün tatil edildiğini duyurdu.</p>
<p>Karayolları ekipleri kapanan köy yollarını açmak için çalışıyor.</p>
<h2>Diğer haberler</h2>
<ul>
<li>Yeni kütüphane haftaya açılıyor</li>
<li>Yerel üreticiler pazarında bal festivali</li>
<li>Gençlik kulübü satranç turnuvası düzenledi</li>
</ul>
""", "Doğu Haber", ("#9b1c1c", "#9b1c1c", "#f7f1f1")))

# ---------------------------------------------------------------- French
add(cap("solidarite-kurdistan-2026-02-18", "https://solidarite-kurdistan.example/", "2026-02-18T15:51:06Z", "fr",
    "Solidarité Kurdistan — soirée de soutien", "Solidarité Kurdistan", ["Accueil", "Actualités", "Agenda", "Adhérer"], """
<h1>Soirée de soutien aux écoles en langue kurde</h1>
<p>Notre association organise samedi une soirée de soutien aux écoles qui enseignent en langue kurde.</p>
<p>Nous défendons les droits culturels et politiques du peuple kurde par des moyens pacifiques : information, pétitions et rencontres avec les élus.</p>
<p>Au programme : musique, repas partagé et présentation des projets éducatifs. Entrée libre.</p>
""", "Solidarité Kurdistan — association loi 1901", ("#c8102e", "#2b7a3d", "#fbf7f0")))

add(cap("mosquee-assalam-2026-03-13", "https://mosquee-assalam.example/horaires", "2026-03-13T06:28:45Z", "fr",
    "Horaires des prières — Mosquée As-Salam de Villeneuve", "Mosquée As-Salam de Villeneuve", ["Accueil", "Horaires", "Cours", "Dons"], """
<h1>Horaires des prières</h1>
<table>
<tr><th>Fajr</th><th>Dhuhr</th><th>Asr</th><th>Maghrib</th><th>Isha</th></tr>
<tr><td>06:12</td><td>13:24</td><td>16:41</td><td>18:49</td><td>20:07</td></tr>
</table>
<p>Le cours d'arabe pour les enfants a lieu le mercredi à 14 h.</p>
<p>Pendant le ramadan, l'iftar est servi chaque soir dans la salle polyvalente. Merci aux bénévoles !</p>
""", "Mosquée As-Salam de Villeneuve", ("#2f5d50", "#2f5d50", "#f2f6f4")))

add(cap("cuisine-du-maghreb-2026-02-10", "https://cuisine-du-maghreb.example.com/", "2026-02-10T11:15:59Z", "fr",
    "Couscous aux sept légumes — Cuisine du Maghreb", "Cuisine du Maghreb", ["Recettes", "Tajines", "Pâtisseries"], """
<h1>Couscous aux sept légumes</h1>
<p>Le couscous du vendredi se prépare en famille. Voici la version de ma grand-mère, simple et généreuse.</p>
<h2>Ingrédients</h2>
<ul>
<li>500 g de semoule moyenne</li>
<li>carottes, navets, courgettes, chou, potiron, tomates et oignons</li>
<li>une poignée de pois chiches trempés la veille</li>
<li>ras el-hanout, curcuma, sel et poivre</li>
</ul>
<p>Faites cuire les légumes dans un bouillon parfumé, en commençant par les plus durs. Cuisez la semoule à la vapeur deux fois et servez bien chaud.</p>
""", "Cuisine du Maghreb", ("#c27c0e", "#8a5a0b", "#fdf8ee")))

# ---------------------------------------------------------------- English
add(cap("olivetree-solidarity-2026-03-15", "https://olivetree-solidarity.example.org/", "2026-03-15T14:04:27Z", "en",
    "Olive Tree Solidarity — harvest volunteers", "Olive Tree Solidarity", ["Home", "Campaigns", "Reports", "Volunteer"], """
<h1>Harvest volunteers needed</h1>
<p>Every autumn we support Palestinian farmers during the olive harvest. Volunteers help pick olives, document access restrictions and share farmers' stories.</p>
<p>We are a non-violent human-rights campaign. We publish reports, organise talks and ask governments to respect international law.</p>
<p>Next talk: "Water and land in the Jordan Valley", Thursday 7 pm, Community Hall.</p>
""", "Olive Tree Solidarity is a registered charity.", ("#4d6b2f", "#4d6b2f", "#f4f6ef")))

add(cap("kurdish-diaspora-news-2026-03-18", "https://kurdish-diaspora-news.example/", "2026-03-18T17:26:41Z", "en",
    "Kurdish Diaspora News", "Kurdish Diaspora News", ["Home", "Culture", "Community", "Opinion"], """
<h1>Kurdish film festival opens in Berlin</h1>
<p class="meta">18 March 2026</p>
<p>The fifth Kurdish film festival opened on Wednesday with a comedy about a family wedding in Sulaymaniyah.</p>
<p>Over four days the festival shows twenty films in Sorani, Kurmanji and Zazaki, with English subtitles.</p>
<p>Organisers said tickets for the closing night sold out within a week.</p>
""", "Kurdish Diaspora News", ("#205375", "#205375", "#eef3f7")))
