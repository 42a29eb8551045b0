# ភាសាខ្មែរ (Khmer).

start =
    សួស្តី! ខ្ញុំគឺ Hailong ជាជំនួយការសេវាសាធារណៈរបស់ខេត្ត { $province }។
    • ផ្ញើលេខកូដឯកសារដែលបោះពុម្ពនៅលើបង្កាន់ដៃ ដើម្បីមើលស្ថានភាពនៃការដោះស្រាយ និងទទួលសារជូនដំណឹងរាល់ពេលដែលឯកសារមានការផ្លាស់ប្តូរ។
    • ពេលទទួលបានលទ្ធផល លោកអ្នកអាចវាយតម្លៃកម្រិតនៃការពេញចិត្តដោយចុចតែប៉ុន្មានដងប៉ុណ្ណោះ។
    វាយ /help ដើម្បីមើលការណែនាំ ឬ /language ដើម្បីប្តូរភាសា។
help =
    ខ្ញុំអាចជួយលោកអ្នកបានដូចខាងក្រោម៖
    • ផ្ញើលេខកូដឯកសារ (បោះពុម្ពនៅលើបង្កាន់ដៃ) ដើម្បីមើលស្ថានភាព បន្ទាប់មកចុច 🔔 តាមដាន ដើម្បីទទួលសាររាល់ពេលដែលមានការផ្លាស់ប្តូរ។
    /status លេខកូដ — ស្វែងរកឯកសារតាមលេខកូដ
    /rate លេខកូដ — វាយតម្លៃការពេញចិត្តចំពោះឯកសារដែលបានប្រគល់លទ្ធផល
    /gopy — ផ្ញើមតិកែលម្អ ឬសំណូមពរ និងមើលមតិដែលបានផ្ញើ
    /mydata — មើលទិន្នន័យដែល Hailong រក្សាទុកអំពីលោកអ្នក; /forget — លុបវា
    /notices off — ឈប់ទទួលសេចក្តីជូនដំណឹងរបស់ខេត្ត (/notices on ដើម្បីទទួលវិញ)
    /language — ប្តូរភាសា (Tiếng Việt, English, ភាសាខ្មែរ)
    /start — សេចក្តីណែនាំ, /help — ការណែនាំនេះ
    ទិន្នន័យរបស់លោកអ្នក៖ ខ្ញុំរក្សាទុកតែលេខសម្គាល់អ្នកប្រើ Telegram ភាសាដែលលោកអ្នកបានជ្រើសរើស ឯកសារដែលលោកអ្នកតាមដាន ការវាយតម្លៃរបស់លោកអ្នក (រាយការណ៍ដោយមិនបញ្ចេញឈ្មោះ) និងមតិកែលម្អដែលលោកអ្នកបានផ្ញើ ប៉ុណ្ណោះ មិនរក្សាទុកឈ្មោះ ឬលេខទូរស័ព្ទរបស់លោកអ្នកទេ។
language-prompt = សូមជ្រើសរើសភាសារបស់លោកអ្នក៖
language-changed = បានប្តូរទៅភាសាខ្មែរ។
not-understood = ខ្ញុំមិនទាន់យល់សារនេះទេ។ វាយ /help ដើម្បីមើលអ្វីដែលខ្ញុំអាចជួយបាន។
unknown-command = ខ្ញុំមិនស្គាល់ពាក្យបញ្ជានេះទេ។ វាយ /help ដើម្បីមើលពាក្យបញ្ជាដែលអាចប្រើបាន។
media-unsupported = ខ្ញុំអានបានតែសារជាអក្សរប៉ុណ្ណោះ។ សូមវាយអ្វីដែលលោកអ្នកត្រូវការ ឬវាយ /help ដើម្បីមើលការណែនាំ។
edited-unsupported = ខ្ញុំមិនអានសារដែលបានកែប្រែទេ។ សូមផ្ញើវាម្តងទៀតជាសារថ្មី។
group-private-only = ដើម្បីរក្សាព័ត៌មានឯកសាររបស់លោកអ្នកជាការសម្ងាត់ ខ្ញុំនិយាយតែក្នុងការជជែកឯកជនប៉ុណ្ណោះ។ សូមផ្ញើសារមកខ្ញុំតាម t.me/{ $bot }
button-expired = ប៊ូតុងនេះលែងមានសុពលភាពហើយ។
error-apology = សូមអភ័យទោស ខ្ញុំជួបបញ្ហាពេលដំណើរការសារនេះ។ សូមព្យាយាមម្តងទៀតក្នុងរយៈពេលប៉ុន្មាននាទីទៀត។
command-start = សេចក្តីណែនាំ និងការចាប់ផ្តើម
command-help = របៀបប្រើប្រាស់
command-language = ប្តូរភាសា
command-status = ស្វែងរកស្ថានភាពឯកសារតាមលេខកូដ
command-stats = សន្ទស្សន៍ការពេញចិត្ត (មន្ត្រី)
command-comments = មតិរបស់ប្រជាពលរដ្ឋ (មន្ត្រី)
command-broadcast = សរសេរ និងផ្ញើសេចក្តីជូនដំណឹង (អ្នកគ្រប់គ្រង)
command-broadcasts = សេចក្តីជូនដំណឹងដែលបានផ្ញើ (អ្នកគ្រប់គ្រង)

lookup-card =
    📄 ឯកសារ { $code }
    នីតិវិធី៖ { $procedure }
    ស្ថាប័នដោះស្រាយ៖ { $agency }
    វិធីដាក់ស្នើ៖ { $channel }
    ថ្ងៃទទួល៖ { $received }
    ថ្ងៃណាត់ប្រគល់៖ { $due }
    ស្ថានភាព៖ { $status }
lookup-past-due = ⚠️ ថ្ងៃណាត់ប្រគល់ { $date } បានកន្លងផុតហើយ ឯកសារនៅកំពុងដោះស្រាយ។
lookup-overdue = ⚠️ ហួសកាលកំណត់ { $days } ថ្ងៃធ្វើការ។
lookup-returned-early = ✅ បានប្រគល់លទ្ធផលមុនថ្ងៃណាត់ { $days } ថ្ងៃធ្វើការ។
lookup-returned-on-time = ✅ បានប្រគល់លទ្ធផលត្រឹមថ្ងៃណាត់។
lookup-returned-late = ⚠️ បានប្រគល់លទ្ធផលយឺតជាងថ្ងៃណាត់ { $days } ថ្ងៃធ្វើការ។
lookup-not-found = រកមិនឃើញឯកសារដែលមានលេខកូដ { $code } ទេ។ សូមពិនិត្យ ហើយផ្ញើម្តងទៀត។
lookup-invalid-code = នេះមិនមែនជាលេខកូដឯកសារទេ។ លេខកូដមានអក្សរ លេខ ចំណុច និងសញ្ញាដក។
lookup-rate-limited = លោកអ្នកបានស្វែងរកច្រើនដងពេកក្នុងរយៈពេលមួយនាទី។ សូមរង់ចាំបន្តិច រួចព្យាយាមម្តងទៀត។
lookup-unavailable = ប្រព័ន្ធឯកសាររបស់ខេត្តមិនឆ្លើយតបនៅពេលនេះទេ។ សូមព្យាយាមម្តងទៀតក្នុងរយៈពេលប៉ុន្មាននាទីទៀត។
lookup-source-missing = ⚠️ ចាប់ពី { $date } ប្រព័ន្ធឯកសាររបស់ខេត្តលែងរកឃើញឯកសារនេះទៀតហើយ។ ព័ត៌មានខាងលើគឺជាអ្វីដែលប្រព័ន្ធបានប្រាប់ចុងក្រោយ។ សូមលោកអ្នកសាកសួរការិយាល័យដែលបានទទួលឯកសារ។
status-usage = សូមភ្ជាប់លេខកូដឯកសារ ឧទាហរណ៍៖ /status { $example }
follow-button = 🔔 តាមដាន
unfollow-button = 🔕 ឈប់តាមដាន
follow-started = កំពុងតាមដាន៖ លោកអ្នកនឹងទទួលសារនៅពេលស្ថានភាពផ្លាស់ប្តូរ។
follow-stopped = លោកអ្នកលែងតាមដានឯកសារនេះហើយ។
link-followed = 🔔 លោកអ្នកកំពុងតាមដានឯកសារនេះ ហើយនឹងទទួលសាររាល់ពេលដែលស្ថានភាពរបស់វាផ្លាស់ប្តូរ។
link-invalid = តំណនេះខូច ឬមិនមែនចេញដោយខេត្តទេ។ សូមផ្ញើលេខកូដឯកសារដែលបោះពុម្ពនៅលើបង្កាន់ដៃរបស់លោកអ្នក។
status-changed = 🔔 ឯកសារ { $code } ឥឡូវនេះស្ថិតក្នុងស្ថានភាព៖ { $status } ({ $date })។
next-step-3 = ឯកសារមិនត្រូវបានទទួលយកទេ។ សូមទាក់ទង { $agency } ដើម្បីដឹងពីមូលហេតុ។
next-step-5 = សូមយកឯកសារបន្ថែមតាមការស្នើសុំទៅកាន់ { $agency }។
next-step-6 = សូមបង់ថ្លៃសេវា និងកម្រៃដែលត្រូវបង់ ដើម្បីឱ្យឯកសារបន្តដំណើរការ។
next-step-8 = ការដោះស្រាយឯកសារត្រូវបានបញ្ឈប់។ សូមទាក់ទង { $agency } ដើម្បីដឹងពីមូលហេតុ។
next-step-9 = លទ្ធផលរួចរាល់ហើយ។ សូមមកទទួលនៅ { $agency } ហើយយកបង្កាន់ដៃមកជាមួយ។
next-step-10 = លទ្ធផលត្រូវបានប្រគល់ហើយ។ សូមអរគុណដែលបានប្រើប្រាស់សេវា។
status-1 = ទើបចុះឈ្មោះ
status-2 = បានទទួល
status-3 = មិនត្រូវបានទទួលយក
status-4 = កំពុងដោះស្រាយ
status-5 = ស្នើសុំឯកសារបន្ថែម
status-6 = ស្នើសុំការបង់ប្រាក់
status-7 = អ្នកដាក់ស្នើបានដកឯកសារវិញ
status-8 = បានបញ្ឈប់ការដោះស្រាយ
status-9 = លទ្ធផលរួចរាល់
status-10 = បានប្រគល់លទ្ធផល
channel-direct = ដោយផ្ទាល់
channel-online = តាមអនឡាញ
channel-postal = តាមប្រៃសណីយ៍
command-rate = វាយតម្លៃការពេញចិត្តចំពោះឯកសារដែលបានប្រគល់លទ្ធផល

survey-invite = 📝 លទ្ធផលនៃឯកសារ { $code } ({ $procedure }) ត្រូវបានប្រគល់ហើយ។ តើលោកអ្នកពេញចិត្តកម្រិតណាចំពោះការដោះស្រាយឯកសារនេះ?
survey-reminder = 📝 សូមរំលឹក៖ លោកអ្នកមិនទាន់បានវាយតម្លៃឯកសារ { $code } ({ $procedure }) នៅឡើយទេ។ តើលោកអ្នកពេញចិត្តកម្រិតណាចំពោះការដោះស្រាយឯកសារនេះ? ចុចតែម្តងគឺគ្រប់គ្រាន់៖
level-very-satisfied = 😊 ពេញចិត្តខ្លាំង
level-satisfied = 🙂 ពេញចិត្ត
level-neutral = 😐 ធម្មតា
level-not-satisfied = 🙁 មិនពេញចិត្ត
level-very-not-satisfied = 😠 មិនពេញចិត្តខ្លាំង
survey-counted = សូមអរគុណ! ការវាយតម្លៃរបស់លោកអ្នកត្រូវបានកត់ត្រាហើយ។
survey-more = ✅ ការវាយតម្លៃរបស់លោកអ្នកត្រូវបានកត់ត្រាហើយ។ ប្រសិនបើលោកអ្នកចង់ សូមឆ្លើយសំណួរបន្ថែមមួយចំនួន៖
survey-attitude = តើលោកអ្នកពេញចិត្តនឹងឥរិយាបថបម្រើរបស់មន្ត្រីដែលទទួល និងដោះស្រាយឯកសាររបស់លោកអ្នកដែរឬទេ?
survey-agencies = តើលោកអ្នកត្រូវទៅការិយាល័យប៉ុន្មានកន្លែងសម្រាប់ឯកសារនេះ?
survey-comment = តើលោកអ្នកមានមតិយោបល់អ្វីបន្ថែមទេ? សូមវាយមតិយោបល់ (យ៉ាងច្រើន 1.000 តួអក្សរ) ឬចុច បញ្ចប់។
agencies-none = មិនត្រូវទៅទេ (ដាក់ស្នើតាមអនឡាញ)
agencies-one-stop = តែការិយាល័យច្រកចេញចូលតែមួយ
agencies-several = ការិយាល័យច្រើនកន្លែង
survey-skip = រំលង
survey-finish = បញ្ចប់
survey-done = 🙏 សូមអរគុណចំពោះមតិយោបល់របស់លោកអ្នក! វាជួយឱ្យខេត្តបម្រើប្រជាពលរដ្ឋបានប្រសើរជាងមុន។
survey-already = លោកអ្នកបានវាយតម្លៃឯកសារនេះរួចហើយ។
survey-comment-too-long = មតិយោបល់វែងជាង { $max } តួអក្សរ។ សូមកាត់បន្ថយ ហើយផ្ញើម្តងទៀត។
rate-usage = សូមភ្ជាប់លេខកូដឯកសារដែលបានប្រគល់លទ្ធផល ឧទាហរណ៍៖ /rate { $example }
rate-not-returned = លទ្ធផលនៃឯកសារ { $code } មិនទាន់ត្រូវបានប្រគល់នៅឡើយទេ។ លោកអ្នកអាចវាយតម្លៃបានបន្ទាប់ពីទទួលលទ្ធផល។
low-rating-alert =
    ⚠️ ការវាយតម្លៃ «មិនពេញចិត្ត»
    ឯកសារ៖ { $code }
    នីតិវិធី៖ { $procedure }
    កម្រិត៖ { $overall }
    { $answers }
    មតិយោបល់៖ { $comment }
stats-usage = របៀបប្រើ៖ /stats (ឆ្នាំនេះ), /stats month (ខែនេះ), /stats quarter (ត្រីមាសនេះ), /stats year (ឆ្នាំនេះ) ឬ /stats ថ្ងៃចាប់ផ្តើម ថ្ងៃបញ្ចប់ ឧទាហរណ៍ /stats 01/01/2026 31/03/2026
period-not-a-date = { $text } មិនមែនជាថ្ងៃពិតនៃប្រតិទិនទេ។ សូមសរសេរកាលបរិច្ឆេទជា dd/mm/yyyy ឧទាហរណ៍ 31/03/2026។
stats-empty = មិនទាន់មានការវាយតម្លៃសម្រាប់ឯកសារដែលបានប្រគល់លទ្ធផលពី { $from } ដល់ { $to } នៅឡើយទេ។
stats-small-sample = ⚠️ ការវាយតម្លៃតិចជាង 30៖ តួលេខនៅអាចប្រែប្រួលច្រើន សូមប្រៀបធៀបដោយប្រុងប្រយ័ត្ន។
stats-caption = ការពេញចិត្តតាមខែ និងតាមស្ថាប័ន { $from } – { $to }
chart-by-month = អត្រាពេញចិត្តតាមខែ ជាមួយចន្លោះទំនុកចិត្ត 95{"\u00A0"}%
chart-by-agency = ចំណាត់ថ្នាក់ស្ថាប័នតាមអត្រាពេញចិត្ត ជាមួយចន្លោះទំនុកចិត្ត 95{"\u00A0"}%
comments-none = មិនទាន់មានការវាយតម្លៃ «មិនពេញចិត្ត» នៅឡើយទេ។
comments-title = 🗒 ការវាយតម្លៃ «មិនពេញចិត្ត» ថ្មីៗ៖
grade-excellent = ល្អប្រសើរ
grade-good = ល្អ
grade-fair = ល្អបង្គួរ
grade-average = មធ្យម
grade-poor = ខ្សោយ
survey-convenience = តើលោកអ្នកយល់ថាការដាក់ឯកសារ និងការទទួលលទ្ធផលមានភាពងាយស្រួលដែរឬទេ?
survey-use-buttons = សូមលោកអ្នកឆ្លើយដោយប្រើប៊ូតុងនៅក្រោមសំណួរខាងលើ ឬចុច «បញ្ចប់» ដើម្បីឈប់វាយតម្លៃ។
survey-went-well = តើលោកអ្នកពេញចិត្តលើចំណុចអ្វីខ្លះ? សូមជ្រើសរើសមួយ ឬច្រើន រួចចុច បន្ទាប់។
survey-went-badly = តើលោកអ្នកមិនទាន់ពេញចិត្តលើចំណុចអ្វីខ្លះ? សូមជ្រើសរើសមួយ ឬច្រើន រួចចុច បន្ទាប់។
survey-next = បន្ទាប់ ›
chip-time = ⏱ ពេលវេលា
chip-attitude = 🤝 ឥរិយាបថ
chip-procedure = 📋 នីតិវិធី
chip-information = ℹ️ ព័ត៌មាន
chip-result = 📄 លទ្ធផល

command-notices = បិទ ឬបើកសេចក្តីជូនដំណឹងរបស់ខេត្ត
notices-footer = មិនចង់ទទួលសេចក្តីជូនដំណឹងទេ? ផ្ញើ /notices off
notices-off = លោកអ្នកនឹងមិនទទួលសេចក្តីជូនដំណឹងរបស់ខេត្តទៀតទេ។ ព័ត៌មានអំពីឯកសារដែលលោកអ្នកតាមដាននៅតែផ្ញើមក។ ផ្ញើ /notices on ដើម្បីទទួលវិញ។
notices-on = លោកអ្នកនឹងទទួលសេចក្តីជូនដំណឹងរបស់ខេត្តវិញ។ ផ្ញើ /notices off ដើម្បីបិទ។
notices-are-on = លោកអ្នកកំពុងទទួលសេចក្តីជូនដំណឹងរបស់ខេត្ត។ ផ្ញើ /notices off ដើម្បីបិទ។
notices-are-off = លោកអ្នកបានបិទសេចក្តីជូនដំណឹងរបស់ខេត្ត។ ផ្ញើ /notices on ដើម្បីទទួលវិញ។
admin-only = មានតែអ្នកគ្រប់គ្រងបូតទេដែលអាចធ្វើបាន។
help-staff =
    សម្រាប់មន្ត្រី៖
    /stats — សន្ទស្សន៍ការពេញចិត្តសម្រាប់ឆ្នាំនេះ; /stats month, /stats quarter, /stats year ឬ /stats ថ្ងៃចាប់ផ្តើម ថ្ងៃបញ្ចប់ (dd/mm/yyyy)
    /comments [ចំនួន] [លេខកូដស្ថាប័ន] [រយៈពេល] — ការវាយតម្លៃ «មិនពេញចិត្ត» និងមតិរបស់ប្រជាពលរដ្ឋ 5 ក្នុងមួយទំព័រ (យ៉ាងច្រើន 20) ឧទាហរណ៍៖ /comments 10 000.00.05.H12 month
    /cases [open|overdue|mine|all] — មតិកែលម្អតាមថ្ងៃកំណត់ឆ្លើយ; ឆ្លើយដោយ reply សាររបស់មតិ ឬ /traloi លេខ អត្ថបទ; បញ្ជូនទៅស្ថាប័នផ្សេង៖ /chuyen លេខ លេខកូដស្ថាប័ន មូលហេតុ
    /dashboard — តំណចូលផ្ទាំងគ្រប់គ្រង (ប្រើម្តង ក្នុងរយៈពេល 10 នាទី)
    /export [រយៈពេល] — ឯកសារ Excel នៃរយៈពេល៖ សន្ទស្សន៍ ការវាយតម្លៃ (គ្មានអត្តសញ្ញាណ) និងមតិកែលម្អ; រយៈពេលដូច /stats
help-admin =
    សម្រាប់អ្នកគ្រប់គ្រង៖
    /broadcast — ផ្ញើសេចក្តីជូនដំណឹងទៅប្រជាពលរដ្ឋ (អត្ថបទ ឬរូបភាពមួយ ជ្រើសអ្នកទទួល និងមើលជាមុន)
    /broadcasts — ការផ្ញើចុងក្រោយ និងវឌ្ឍនភាព
    /cancel លេខ — បញ្ឈប់ការផ្ញើ; /cancel តែឯង បោះបង់សេចក្តីជូនដំណឹងដែលកំពុងសរសេរ
    /grant staff USER_ID [លេខកូដស្ថាប័ន…] ឬ /grant admin USER_ID — ផ្តល់តួនាទី; /revoke USER_ID — ដកហូត
broadcast-ask = 📣 សូមផ្ញើសេចក្តីជូនដំណឹង៖ អត្ថបទ (រក្សាអក្សរដិត ទ្រេត និងតំណ) ឬរូបភាពមួយជាមួយចំណងជើង។ ផ្ញើ /cancel ដើម្បីឈប់។
broadcast-empty = សេចក្តីជូនដំណឹងទទេ។ សូមផ្ញើអត្ថបទ ឬ /cancel។
broadcast-too-long = សេចក្តីជូនដំណឹងមាន { $len } តួអក្សរ; អតិបរមា { $max } (បន្ទាត់អំពី /notices off ត្រូវបានបន្ថែមគ្រប់សេចក្តីជូនដំណឹង)។ សូមកាត់ឱ្យខ្លី ហើយផ្ញើម្តងទៀត ឬ /cancel។
broadcast-bad-format = Telegram មិនទទួលទម្រង់នេះទេ៖ { $detail }។ សូមផ្ញើម្តងទៀត ឬ /cancel។
broadcast-choose-audience = ផ្ញើទៅអ្នកណា? ចំនួនអ្នកទទួលនៃជម្រើសនីមួយៗនៅក្នុងវង់ក្រចក; អ្នកដែលបានបិទសេចក្តីជូនដំណឹងមិនរាប់បញ្ចូលទេ។
broadcast-pick-group = ជ្រើសក្រុមមួយ (ចំនួនអ្នកទទួលក្នុងវង់ក្រចក) ឬវាយ ឧទាហរណ៍ commune:32014, agency:លេខកូដ, procedure:លេខកូដ, lang:km។
broadcast-audience-unknown = ខ្ញុំមិនយល់ក្រុមអ្នកទទួលនេះទេ។ សូមចុចប៊ូតុង ឬវាយ all, commune:លេខកូដ, agency:លេខកូដ, procedure:លេខកូដ ឬ lang:vi|en|km។
audience-all = ទាំងអស់ ({ $count })
audience-by-commune = តាមឃុំ និងសង្កាត់
audience-by-agency = តាមស្ថាប័ន
audience-by-procedure = តាមនីតិវិធី
audience-by-language = តាមភាសា
audience-none = គ្មាននរណាម្នាក់ក្នុងក្រុមនេះអាចទទួលសេចក្តីជូនដំណឹងបានទេ។ សូមជ្រើសក្រុមផ្សេង។
audience-label-all = អ្នកប្រើបូតទាំងអស់
audience-label-commune = អ្នកតាមដានឯកសារនៅ { $name }
audience-label-agency = អ្នកតាមដានឯកសាររបស់ { $name }
audience-label-procedure = អ្នកតាមដានឯកសារនីតិវិធី { $name }
audience-label-language = ប្រជាពលរដ្ឋដែលអានភាសា { $name }
button-back = ◀ ត្រឡប់ក្រោយ
button-cancel = ✖ បោះបង់
broadcast-to = ផ្ញើទៅកាន់អ្នកទទួល៖ { $audience }
broadcast-send-button = 📣 ផ្ញើទៅ { $count } នាក់
broadcast-confirm =
    ខាងលើគឺជាសេចក្តីជូនដំណឹងដូចដែលប្រជាពលរដ្ឋនឹងឃើញ។
    ផ្ញើទៅ៖ { $audience }
    ចំនួនអ្នកទទួល៖ { $count }
    បញ្ជាក់ការផ្ញើសេចក្តីជូនដំណឹងនេះឬ?
broadcast-draft-cancelled = បានបោះបង់; មិនទាន់ផ្ញើអ្វីទេ។
broadcast-cancel-usage = ផ្ញើ /cancel លេខ ដើម្បីបញ្ឈប់ការផ្ញើ (/broadcasts បង្ហាញបញ្ជី)។
broadcast-cancel-done = បានបញ្ឈប់ការផ្ញើ #{ $id }៖ គ្មាននរណាទទួលបន្ថែមទេ។ ផ្ញើ /broadcasts ដើម្បីមើលចំនួនអ្នកដែលបានទទួល។
broadcast-cancel-not-running = ការផ្ញើ #{ $id } មិនកំពុងដំណើរការទេ ដូច្នេះគ្មានអ្វីត្រូវបញ្ឈប់។
broadcast-queued = 📣 ការផ្ញើ #{ $id } បានដាក់ក្នុងជួរសម្រាប់អ្នកទទួល { $total } នាក់; នឹងចាប់ផ្តើមផ្ញើក្នុងពេលបន្តិចទៀត។ សារនេះនឹងបង្ហាញវឌ្ឍនភាព។
broadcast-progress =
    📣 ការផ្ញើ #{ $id }៖ កំពុងផ្ញើ
    { $done } / { $total } ({ $percent }{"\u00A0"}%)
    { $rate } សារ/វិនាទី នៅសល់ប្រហែល { $eta }
broadcast-report =
    📣 ការផ្ញើ #{ $id }៖ រួចរាល់ក្នុង { $took }
    អ្នកទទួល៖ { $total }
    ✅ បានទទួល៖ { $delivered }
    🚫 បានបិទបូត ឬចាកចេញពី Telegram៖ { $blocked }
    ⚠️ បរាជ័យក្រោយព្យាយាមច្រើនដង៖ { $failed }
    ❔ មិនប្រាកដ (កំពុងផ្ញើពេលម៉ាស៊ីនមេឈប់)៖ { $uncertain }
    រំលង (បានបិទសេចក្តីជូនដំណឹងក្នុងពេលផ្ញើ)៖ { $skipped }
    មិនបានផ្ញើ (បានបោះបង់)៖ { $cancelled }
broadcast-list-empty = មិនទាន់មានការផ្ញើទេ។ ផ្ញើ /broadcast ដើម្បីចាប់ផ្តើម។
broadcast-list-title = ការផ្ញើចុងក្រោយ៖
broadcast-list-item = ការផ្ញើលេខ { $id } · ថ្ងៃ { $created } · អ្នកទទួល { $audience } · ស្ថានភាព { $state } · បានទទួល { $delivered }/{ $total }
broadcast-state-queued = កំពុងរង់ចាំ
broadcast-state-sending = កំពុងផ្ញើ
broadcast-state-finished = រួចរាល់
broadcast-state-cancelled = បានបោះបង់

## card
lookup-code-help = លេខកូដឯកសារត្រូវបានបោះពុម្ពនៅលើបង្កាន់ដៃ ហើយមានទម្រង់ដូចជា { $example } (លេខកូដស្ថាប័ន - ថ្ងៃទទួល - លេខរៀង)។ អាចវាយដកឃ្លាជំនួសសញ្ញាដកក៏បាន។ លោកអ្នកក៏អាចស្កេនកូដ QR នៅលើបង្កាន់ដៃ ដើម្បីបើកឯកសារភ្លាមៗ។
office-note = កំណត់សម្គាល់ពីស្ថាប័ន៖ { $note }
rate-button = ⭐ វាយតម្លៃ
rated-button = បានវាយតម្លៃ៖ { $level }

## working days
lookup-due-in = ⏳ ថ្ងៃណាត់ប្រគល់ { $date } (នៅសល់ { $days } ថ្ងៃធ្វើការ)។
lookup-awaiting-papers = 📎 កំពុងរង់ចាំលោកអ្នកបំពេញឯកសារបន្ថែម តាំងពីថ្ងៃ { $since }។ រយៈពេលរង់ចាំនេះមិនរាប់ចូលក្នុងកាលកំណត់ដោះស្រាយទេ។
lookup-awaiting-payment = 💳 កំពុងរង់ចាំលោកអ្នកបង់ពន្ធ និងកម្រៃ តាំងពីថ្ងៃ { $since }។ រយៈពេលរង់ចាំនេះមិនរាប់ចូលក្នុងកាលកំណត់ដោះស្រាយទេ។
lookup-apology = 🙏 { $agency } សូមអភ័យទោសដែលឯកសាររបស់លោកអ្នកមិនត្រូវបានដោះស្រាយទាន់ថ្ងៃណាត់។ មូលហេតុ៖ { $reason }។ ថ្ងៃណាត់ប្រគល់ថ្មី៖ { $date }។
source-dropped = ⚠️ ឯកសារ { $code }៖ ចាប់ពី { $since } ប្រព័ន្ធឯកសាររបស់ខេត្តលែងរកឃើញឯកសារនេះទៀតហើយ ដូច្នេះលោកអ្នកនឹងលែងទទួលដំណឹងដោយស្វ័យប្រវត្តិនៅពេលស្ថានភាពឯកសារផ្លាស់ប្តូរ។ ស្ថានភាពចុងក្រោយ៖ { $status }។ សូមលោកអ្នកទាក់ទង { $agency } ដើម្បីដឹងពីដំណើរការឯកសារ ឬផ្ញើលេខកូដឯកសារម្តងទៀតដើម្បីស្វែងរក។
delay-apology =
    🙏 លិខិតសុំអភ័យទោស និងណាត់ថ្ងៃប្រគល់លទ្ធផលថ្មី — ឯកសារ { $code }
    { $agency } សូមអភ័យទោសដែលឯកសាររបស់លោកអ្នកមិនត្រូវបានដោះស្រាយទាន់ថ្ងៃណាត់ { $due }។
    មូលហេតុ៖ { $reason }
    ថ្ងៃណាត់ប្រគល់លទ្ធផលថ្មី៖ { $date }។
report-late-title = ឯកសារយឺតយ៉ាវតាមស្ថាប័ន (គិតជាថ្ងៃធ្វើការ)
report-late-agency = ស្ថាប័ន
report-late-count = យឺត
report-late-apologized = បានសុំអភ័យទោស
report-late-mean-days = យឺតជាមធ្យម (ថ្ងៃ)
report-late-max-days = យឺតច្រើនបំផុត (ថ្ងៃ)
report-late-none = គ្មានឯកសារយឺតយ៉ាវក្នុងរយៈពេលនេះទេ។

## xlsx
xlsx-sheet-overall = សរុបទូទាំងខេត្ត
xlsx-sheet-agency = តាមស្ថាប័ន
xlsx-sheet-procedure = តាមនីតិវិធី
xlsx-sheet-commune = តាមឃុំ សង្កាត់
xlsx-sheet-month = តាមខែ
xlsx-sheet-channel = តាមមធ្យោបាយដាក់ឯកសារ
xlsx-title = កម្រិតពេញចិត្តរបស់ប្រជាពលរដ្ឋ និងស្ថាប័ន ចំពោះការបម្រើរបស់រដ្ឋបាលសាធារណៈ
xlsx-from = ពីថ្ងៃ
xlsx-to = ដល់ថ្ងៃ
xlsx-made = ថ្ងៃរៀបចំ
xlsx-open-end = គ្មានកំណត់
xlsx-group = ក្រុម
xlsx-responses = ចំនួនការវាយតម្លៃ
xlsx-verified-responses = ការវាយតម្លៃដែលបានផ្ទៀងផ្ទាត់
xlsx-returned = ឯកសារដែលបានប្រគល់លទ្ធផល
xlsx-response-rate = អត្រាឆ្លើយតប
xlsx-very-satisfied = ពេញចិត្តខ្លាំង (ចំនួន)
xlsx-very-satisfied-share = ពេញចិត្តខ្លាំង (ភាគរយ)
xlsx-satisfied = ពេញចិត្ត (ចំនួន)
xlsx-satisfied-share = ពេញចិត្ត (ភាគរយ)
xlsx-neutral = ធម្មតា (ចំនួន)
xlsx-neutral-share = ធម្មតា (ភាគរយ)
xlsx-not-satisfied = មិនពេញចិត្ត (ចំនួន)
xlsx-not-satisfied-share = មិនពេញចិត្ត (ភាគរយ)
xlsx-very-not-satisfied = មិនពេញចិត្តខ្លាំង (ចំនួន)
xlsx-very-not-satisfied-share = មិនពេញចិត្តខ្លាំង (ភាគរយ)
xlsx-satisfaction = ពេញចិត្ត និងពេញចិត្តខ្លាំង
xlsx-satisfaction-low = ដែនក្រោមនៃចន្លោះទំនុកចិត្ត 95{"\u00A0"}%
xlsx-satisfaction-high = ដែនលើនៃចន្លោះទំនុកចិត្ត 95{"\u00A0"}%
xlsx-mean-total = ពិន្ទុមធ្យមតាមសារាចរ 01
xlsx-grade = ចំណាត់ថ្នាក់
xlsx-index-1 = សន្ទស្សន៍ 1
xlsx-index-2 = សន្ទស្សន៍ 2
xlsx-index-3 = សន្ទស្សន៍ 3
xlsx-index-4 = សន្ទស្សន៍ 4
xlsx-index-5 = សន្ទស្សន៍ 5
xlsx-index-6 = សន្ទស្សន៍ 6
xlsx-index-7 = សន្ទស្សន៍ 7
xlsx-index-8 = សន្ទស្សន៍ 8
xlsx-index-9 = សន្ទស្សន៍ 9
xlsx-small-sample = គំរូតូច (តិចជាង 30)
xlsx-name = ឈ្មោះ
xlsx-verified-share = ភាគរយការវាយតម្លៃដែលបានផ្ទៀងផ្ទាត់
xlsx-d766-dossier-satisfaction = សេចក្តីសម្រេច 766៖ ការពេញចិត្តចំពោះការដោះស្រាយឯកសារ
xlsx-d766-overdue-share = សេចក្តីសម្រេច 766៖ ភាគរយឯកសារប្រគល់យឺត
xlsx-d766-disliked-share = សេចក្តីសម្រេច 766៖ ភាគរយឯកសារដែលមានបណ្តឹង ឬមិនពេញចិត្ត
xlsx-d766-on-time-share = សេចក្តីសម្រេច 766៖ ភាគរយឯកសារប្រគល់ទាន់ពេល
xlsx-d766-late-apologized-share = សេចក្តីសម្រេច 766៖ ភាគរយឯកសារយឺតដែលមានលិខិតសុំទោស
xlsx-indices-measured = សូចនាករសារាចរ 01 ដែលវាស់បាន (ក្នុងចំណោម 9)
xlsx-yes = បាទ/ចាស
xlsx-no = ទេ

## index
stats-period-reversed = កាលបរិច្ឆេទទីមួយត្រូវតែមុនកាលបរិច្ឆេទទីពីរ។ សូមដាក់កាលបរិច្ឆេទមុនជាមុន ឧទាហរណ៍៖ /stats 01/01/2026 31/03/2026
stats-headline =
    📊 មតិរបស់ប្រជាពលរដ្ឋអំពីឯកសារដែលបានប្រគល់លទ្ធផលពី { $from } ដល់ { $to }
    ការវាយតម្លៃ៖ { $responses } ({ $verified } បានផ្ទៀងផ្ទាត់តាមកូដ QR, { $verified_share }) សម្រាប់ឯកសារ { $returned } ដែលបានប្រគល់; អត្រាឆ្លើយតប { $rate }
    ពេញចិត្ត និងពេញចិត្តខ្លាំង៖ { $satisfaction } (ចន្លោះទំនុកចិត្ត 95{"\u00A0"}%៖ { $interval })
stats-counted-verified = សន្ទស្សន៍រាប់តែការវាយតម្លៃដែលបានផ្ទៀងផ្ទាត់ចំនួន { $counted } ប៉ុណ្ណោះ។
stats-level = • { $level }៖ ចំនួន { $count } ស្មើនឹង { $share } នៃការវាយតម្លៃ
stats-766 =
    ក្រុមសូចនាករការពេញចិត្តនៃសេចក្តីសម្រេចលេខ 766/QĐ-TTg៖
    • ការពេញចិត្តចំពោះការដោះស្រាយឯកសារ៖ { $satisfaction } (គោលដៅ { $target })
    • ឯកសារប្រគល់ទាន់ពេល៖ { $on_time }; យឺតដោយមានលិខិតសុំទោស៖ { $apologized }
    • មតិកែលម្អដែលបានដោះស្រាយទាន់ពេល៖ { $feedback_on_time } (ក្នុងចំណោម { $feedback_due } ដល់កាលកំណត់); ការពេញចិត្តចំពោះការដោះស្រាយមតិកែលម្អ៖ { $feedback_satisfaction } (ក្នុងចំណោម { $feedback_first_time } លើកដំបូង)
stats-circular-01-total = សារាចរលេខ 01/2018៖ ពិន្ទុសរុប { $total }/18 ចំណាត់ថ្នាក់ { $grade }
stats-circular-01-partial = សារាចរលេខ 01/2018៖ វាស់បាន { $measured } ក្នុងចំណោមសូចនាករ 9 មធ្យម { $mean }/2; មិនគ្រប់ 9 ទេ ដូច្នេះគ្មានពិន្ទុសរុប និងចំណាត់ថ្នាក់
stats-no-data = មិនទាន់មានទិន្នន័យ

## chart
chart-levels = ចំណែកនៃកម្រិតនីមួយៗ
chart-no-data = គ្មានទិន្នន័យសម្រាប់រយៈពេលនេះទេ
chart-percent = { $value }{"\u00A0"}%
chart-month = { $month ->
        [1] មករា
        [2] កុម្ភៈ
        [3] មីនា
        [4] មេសា
        [5] ឧសភា
        [6] មិថុនា
        [7] កក្កដា
        [8] សីហា
        [9] កញ្ញា
        [10] តុលា
        [11] វិច្ឆិកា
       *[12] ធ្នូ
    } { $year }

## comments
comments-usage = របៀបប្រើ៖ /comments [ចំនួនការវាយតម្លៃក្នុងមួយទំព័រ ពី 1 ដល់ 20] [លេខកូដស្ថាប័ន] [រយៈពេល៖ month, quarter, year ឬ ពីថ្ងៃ ដល់ថ្ងៃ ជា dd/mm/yyyy]។ ឧទាហរណ៍៖ /comments 10 000.00.05.H12 month
comments-period-reversed = ថ្ងៃចាប់ផ្តើមត្រូវតែមុនថ្ងៃបញ្ចប់។ ឧទាហរណ៍៖ /comments 01/01/2026 31/03/2026
comments-agency-unknown = មិនមានស្ថាប័នដែលមានលេខកូដនេះ ក្នុងចំណោមស្ថាប័នដែលអ្នកអាចមើលបានទេ។
comments-period = ការវាយតម្លៃពី { $from } ដល់ { $to }
comments-agency = ស្ថាប័ន៖ { $agency }
comments-entry =
    • { $date } · { $agency } · { $level }
      ឯកសារ { $code } · { $procedure }
comments-went-badly = មិនពេញចិត្តលើ៖ { $chips }
comments-went-well = ពេញចិត្តលើ៖ { $chips }
comments-comment = មតិ៖ “{ $comment }”
comments-newer = ‹ ទំព័រមុន
comments-older = ទំព័របន្ទាប់ ›
## cases
command-feedback = មតិយោបល់ និងបណ្ដឹង
command-cases = ករណីមតិយោបល់ត្រូវដោះស្រាយ
case-feedback-button = ✉️ មតិយោបល់
case-offer = តើលោកអ្នកចង់ឱ្យស្ថាប័នទាក់ទង និងឆ្លើយតបទេ?
case-ask-subject = តើមតិយោបល់របស់លោកអ្នកទាក់ទងនឹងអ្វី? សូមជ្រើសរើសឯកសារដែលកំពុងតាមដាន ស្ថាប័ន នីតិវិធី ឬខេត្តទូទៅ។
case-subject-agency = 🏢 ស្ថាប័នមួយ
case-subject-procedure = 📄 នីតិវិធីមួយ
case-subject-province = 🏛 ខេត្តទូទៅ
case-ask-agency = សូមជ្រើសរើសស្ថាប័ន៖
case-ask-procedure = សូមជ្រើសរើសនីតិវិធី៖
case-pick-hint = ឬវាយផ្នែកមួយនៃឈ្មោះ (មានឬគ្មានសញ្ញាសំឡេងក៏បាន ឧ. «dam doi») ឬលេខកូដ ដើម្បីស្វែងរក។
case-pick-page = ទំព័រ { $page } នៃ { $pages }
case-pick-previous = ‹ ទំព័រមុន
case-pick-next = ទំព័របន្ទាប់ ›
case-pick-found = រកឃើញលទ្ធផល { $count } សម្រាប់ «{ $query }»៖
case-pick-none = រកមិនឃើញលទ្ធផលសម្រាប់ «{ $query }» ទេ។ សូមលោកអ្នកសាកល្បងពាក្យផ្សេង ឬជ្រើសរើសពីបញ្ជីខាងក្រោម។
case-pick-all = 📋 មើលបញ្ជីទាំងមូល
case-ask-kind = តើមតិយោបល់នេះជាប្រភេទអ្វី?
case-kind-delay = ⏰ ការយឺតយ៉ាវ
case-kind-attitude = 😠 អាកប្បកិរិយា ឬការរំខាន
case-kind-papers = 📑 ទាមទារឯកសារលើសពីបទប្បញ្ញត្តិ
case-kind-proposal = 💡 សំណើ
case-kind-other = 💬 ផ្សេងៗ
case-ask-text = សូមសរសេរមតិយោបល់ (យ៉ាងច្រើន { $max } តួអក្សរ)។
case-text-invalid = អត្ថបទត្រូវមានពី 1 ដល់ { $max } តួអក្សរ។ សូមសរសេរម្ដងទៀត។
case-ask-photos = លោកអ្នកអាចភ្ជាប់រូបថតបានរហូតដល់ { $max } ({ $count } រួចហើយ) ឬចុច «បន្ត»។
case-next = បន្ត ➡️
case-confirm =
    សូមពិនិត្យមុនពេលផ្ញើ៖
    អំពី៖ { $about }
    ប្រភេទ៖ { $kind }
    ខ្លឹមសារ៖ { $body }
    រូបថត៖ { $photos }
case-publish-off = ☐ អនុញ្ញាតឱ្យផ្សព្វផ្សាយសំណួរ និងចម្លើយ (ដោយគ្មានអត្តសញ្ញាណ)
case-publish-on = ☑️ អនុញ្ញាតឱ្យផ្សព្វផ្សាយសំណួរ និងចម្លើយ (ដោយគ្មានអត្តសញ្ញាណ)
case-send = ✅ ផ្ញើ
case-cancel = ✖️ បោះបង់
case-cancelled = បានបោះបង់មតិយោបល់។
case-use-buttons = សូមប្រើប៊ូតុងនៃសារខាងលើ ឬចុច «បោះបង់»។
case-sent = បានទទួលមតិយោបល់លេខ { $number }។ ស្ថាប័ននឹងឆ្លើយតបយ៉ាងយូរត្រឹមថ្ងៃ { $due }។
case-too-many-open = លោកអ្នកមានមតិយោបល់ { $max } ដែលមិនទាន់បានឆ្លើយ។ សូមរង់ចាំ ឬដកចេញមួយ (/gopy) មុនពេលផ្ញើថ្មី។
case-list-title = មតិយោបល់របស់លោកអ្នក៖
case-list-line = • មតិយោបល់ { $number }៖ ស្ថានភាព { $state }, ថ្ងៃកំណត់ឆ្លើយតប { $day }
case-list-line-answered = • មតិយោបល់ { $number }៖ ស្ថានភាព { $state }, ថ្ងៃឆ្លើយតប { $day }
case-list-line-ended = • មតិយោបល់ { $number }៖ ស្ថានភាព { $state }
case-list-earlier = … និងមតិយោបល់ { $count } ទៀតដែលបានបញ្ចប់មុននេះ៖ /mydata បង្ហាញទាំងអស់។
case-new = ➕ មតិយោបល់ថ្មី
case-withdraw = ដកមតិយោបល់ចេញ { $number }
case-read = 📬 មើលចម្លើយ { $number }
case-withdrawn = បានដកមតិយោបល់ { $number }។
case-state-received = បានទទួល
case-state-acknowledged = កំពុងដោះស្រាយ
case-state-forwarded = បានបញ្ជូនបន្ត
case-state-answered = បានឆ្លើយ
case-state-reopened = បានបើកឡើងវិញ
case-state-closed = បានបិទ
case-state-withdrawn = បានដក
case-answer-to-citizen =
    📬 { $agency } ឆ្លើយតបមតិយោបល់ { $number }៖
    
    { $answer }
    
    តើលោកអ្នកពេញចិត្តនឹងចម្លើយនេះទេ?
case-satisfied = 👍 ពេញចិត្ត
case-not-satisfied = 👎 មិនពេញចិត្ត
case-closed-thanks = សូមអរគុណ។ មតិយោបល់ { $number } បានបិទ។
case-ask-reason = សូមប្រាប់ហេតុផលដែលមិនពេញចិត្ត (មិនចាំបាច់) ឬចុច «រំលង»។
case-skip = រំលង
case-reopened = មតិយោបល់ { $number } ត្រូវបានបើកឡើងវិញ។ ស្ថាប័ននឹងឆ្លើយម្ដងទៀតយ៉ាងយូរត្រឹមថ្ងៃ { $due }។
case-not-now = ករណីនេះបានដោះស្រាយរួចហើយ គ្មានអ្វីផ្លាស់ប្ដូរទេ។
case-not-now-state = មតិយោបល់ { $number } { $state } គ្មានអ្វីផ្លាស់ប្ដូរទេ។
case-take-before-forward = មតិយោបល់ { $number } ត្រូវបានបញ្ជូនមកស្ថាប័នរបស់អ្នក ប៉ុន្តែមិនទាន់មាននរណាទទួលដោះស្រាយទេ។ សូមចុច ទទួលដោះស្រាយ ជាមុនសិន រួចសឹមបញ្ជូនទៅស្ថាប័នផ្សេង។
case-province = គណៈកម្មាធិការប្រជាជនខេត្ត { $province }
case-staff-card =
    📨 មតិយោបល់ { $number } ({ $state })
    ពលរដ្ឋ #{ $citizen } · { $kind }
    អំពី៖ { $about }
    ស្ថាប័នដោះស្រាយ៖ { $holder }
    ថ្ងៃកំណត់ឆ្លើយ៖ { $due }
    
    { $body }
    
case-staff-khmer = 🇰🇭 សរសេរជាភាសាខ្មែរ៖ សូមឆ្លើយជាភាសាខ្មែរ។
case-staff-forwarded-note = ↪️ បានបញ្ជូនមក ហេតុផល៖ { $note }
case-staff-reopened-note = ↩️ ពលរដ្ឋមិនពេញចិត្តនឹងចម្លើយមុន ហេតុផល៖ { $note }
case-staff-photos = 📷 រូបថតភ្ជាប់ { $count } (ខាងលើ)។
case-staff-publish = ពលរដ្ឋអនុញ្ញាតឱ្យផ្សព្វផ្សាយសំណួរ និងចម្លើយ (ដោយគ្មានអត្តសញ្ញាណ)។
case-staff-hint = ដើម្បីឆ្លើយ៖ ឆ្លើយតប (reply) សារនេះ ឬវាយ /traloi { $number } ខ្លឹមសារ។
case-take = ទទួលដោះស្រាយ
case-forward = បញ្ជូនទៅស្ថាប័នផ្សេង
case-answer-button = ឆ្លើយ
case-taken = បានទទួលដោះស្រាយ { $number }។
case-forward-how =
    ដើម្បីបញ្ជូន { $number } សូមវាយ៖ /chuyen { $number } <លេខកូដស្ថាប័ន> <ហេតុផល>
    ស្ថាប័ន៖
    { $agencies }
case-answer-how = ដើម្បីឆ្លើយ { $number }៖ ឆ្លើយតប (reply) សាររបស់ករណី ឬវាយ /traloi { $number } ខ្លឹមសារ។
case-answered = ចម្លើយចំពោះ { $number } ត្រូវបានផ្ញើទៅពលរដ្ឋ។
case-forwarded = បានបញ្ជូនមតិយោបល់ { $number } ទៅកាន់ស្ថាប័ន { $agency }។
case-forward-usage = របៀបប្រើ៖ /chuyen <លេខករណី> <លេខកូដស្ថាប័ន> <ហេតុផល>
case-answer-usage = របៀបប្រើ៖ /traloi <លេខករណី> <ខ្លឹមសារ>
case-unknown-agency = គ្មានស្ថាប័នលេខកូដ { $code } ទេ។
case-not-found = រកមិនឃើញករណី { $number } ទេ។
cases-title = ករណីមតិយោបល់ { $which ->
        [overdue] ហួសកំណត់
        [mine] របស់ខ្ញុំ
        [all] (ទាំងអស់)
       *[open] កំពុងដោះស្រាយ
    }៖ { $count }
cases-none = គ្មានករណីទេ។
cases-line = • ករណី { $number } · ស្ថានភាព { $state } · ថ្ងៃកំណត់ឆ្លើយតប { $due } · ស្ថាប័នដោះស្រាយ { $agency }
cases-overdue-mark = ⚠️ ហួសកំណត់
cases-held-mark = ⏸ រក្សាទុកដើម្បីពិនិត្យ
cases-khmer-mark = 🇰🇭 ភាសាខ្មែរ
cases-usage = របៀបប្រើ៖ /cases [open|overdue|mine|all] (បើក ហួសកំណត់ របស់ខ្ញុំ ទាំងអស់)
case-forward-reason = សូមវាយហេតុផលនៃការបញ្ជូនមតិយោបល់ { $number } ទៅកាន់ស្ថាប័ន { $agency }៖
## cases-jobs
case-remind-half-time = ⏰ រំលឹក៖ ពេលវេលាឆ្លើយតបមតិកែលម្អ { $number } បានកន្លងផុតពាក់កណ្តាលហើយ។ ត្រូវឆ្លើយមុន { $due }។ ស្ថាប័នទទួលបន្ទុក៖ { $agency }។
case-remind-last-day = ⏰ ថ្ងៃនេះ { $due } ជាថ្ងៃចុងក្រោយដើម្បីឆ្លើយតបមតិកែលម្អ { $number }។ ស្ថាប័នទទួលបន្ទុក៖ { $agency }។
case-escalated = 🚨 មតិកែលម្អ { $number } ហួសកាលកំណត់ (កំណត់ { $due }) ហើយមិនទាន់បានឆ្លើយតប។ ស្ថាប័នទទួលបន្ទុក៖ { $agency }។
case-intake = ផ្នែកទទួលមតិកែលម្អរបស់ខេត្ត
xlsx-d766-feedback-on-time = សេចក្តីសម្រេច 766៖ មតិកែលម្អដែលបានដោះស្រាយទាន់ពេល
xlsx-d766-feedback-satisfaction = សេចក្តីសម្រេច 766៖ ការពេញចិត្តចំពោះការដោះស្រាយមតិកែលម្អ
xlsx-d766-feedback-due = ចំនួនមតិកែលម្អដល់កាលកំណត់
xlsx-d766-feedback-first-time = ចំនួនមតិកែលម្អលើកដំបូង
xlsx-sheet-cases = មតិកែលម្អ
xlsx-cases-title = បញ្ជីមតិកែលម្អរបស់ប្រជាពលរដ្ឋ
xlsx-case-number = លេខមតិកែលម្អ
xlsx-case-opened = ថ្ងៃទទួល
xlsx-case-citizen = ប្រជាពលរដ្ឋ
xlsx-case-subject = ទាក់ទងនឹង
xlsx-case-kind = ប្រភេទ
xlsx-case-agency = ស្ថាប័នទទួលបន្ទុក
xlsx-case-procedure = នីតិវិធី
xlsx-case-dossier = លេខកូដឯកសារ
xlsx-case-language = ភាសា
xlsx-case-state = ស្ថានភាព
xlsx-case-due = កាលកំណត់ឆ្លើយតប
xlsx-case-answered = ថ្ងៃឆ្លើយតប
xlsx-case-on-time = ឆ្លើយតបទាន់ពេល
xlsx-case-rating = ការវាយតម្លៃរបស់ប្រជាពលរដ្ឋ
xlsx-case-reopened = បានបើកឡើងវិញ
xlsx-case-body = ខ្លឹមសារមតិកែលម្អ
xlsx-case-answer = ចម្លើយ
## operations
lookup-busy = ប្រព័ន្ធកំពុងទទួលការស្វែងរកលេខកូដដែលមិនមានក្នុងទិន្នន័យច្រើនពេក។ សូមពិនិត្យលេខកូដលើបង្កាន់ដៃ ហើយព្យាយាមម្តងទៀតក្នុងរយៈពេលប៉ុន្មាននាទីទៀត។
broadcast-estimate = ⏱ រយៈពេលផ្ញើប្រហាក់ប្រហែល៖ { $took } ({ $rate } សារក្នុងមួយវិនាទី)។
broadcast-estimate-paid =
    ⏱ រយៈពេលផ្ញើប្រហាក់ប្រហែល៖ { $took } ({ $rate } សារក្នុងមួយវិនាទី ការផ្សាយបង់ប្រាក់)។
    💫 តម្លៃប្រហាក់ប្រហែល៖ យ៉ាងច្រើន { $stars } Telegram Stars (0.1 Star ក្នុងមួយសារ) ពីសមតុល្យរបស់បូត។
## dashboard
command-dashboard = ចូលផ្ទាំងតាមដានលើគេហទំព័រ (មន្ត្រី)
dashboard-link = 🔐 តំណចូលផ្ទាំងតាមដានរបស់អ្នក (មានសុពលភាព { $minutes } នាទី ប្រើបានតែម្តង កុំចែកឱ្យអ្នកដទៃ)៖
    { $url }
dashboard-title = ផ្ទាំងតាមដានការពេញចិត្តរបស់ពលរដ្ឋ
dashboard-login-title = ចូលផ្ទាំងតាមដាន
dashboard-login-how = ដើម្បីចូល សូមផ្ញើ /dashboard ទៅបូត Telegram របស់ខេត្ត។ បូតនឹងផ្ញើតំណដែលប្រើបានតែម្តង ក្នុងរយៈពេល 10 នាទី។
dashboard-login-open = បើក @{ $bot } ក្នុង Telegram ដើម្បីទទួលតំណ
dashboard-logged-in = បានចូលហើយ។ បើកផ្ទាំងតាមដាន
dashboard-logout = ចាកចេញ
dashboard-bad-date = តម្រង “{ $field }” មិនមែនជាកាលបរិច្ឆេទទេ៖ “{ $value }”។ សូមសរសេរកាលបរិច្ឆេទជាទម្រង់ dd/mm/yyyy ឧទាហរណ៍ 01/11/2026។
dashboard-bad-order = ថ្ងៃចាប់ផ្តើម ({ $from }) នៅក្រោយថ្ងៃបញ្ចប់ ({ $to })។ សូមជ្រើសរើសថ្ងៃចាប់ផ្តើមដែលមិននៅក្រោយថ្ងៃបញ្ចប់។
dashboard-bad-choice = តម្រង “{ $field }” មិនមានជម្រើស “{ $value }” ទេ។ សូមជ្រើសរើសមួយក្នុងចំណោម៖ { $choices }។
dashboard-bad-code = តម្រង “{ $field }” មិនមែនជាលេខកូដត្រឹមត្រូវទេ៖ “{ $value }”។ សូមសរសេរលេខកូដដែលមានអក្សរ លេខ ចំណុច សញ្ញាដក ឬសញ្ញាគូសក្រោម មិនលើស 64 តួ។
dashboard-bad-filter-back = បើកផ្ទាំងតាមដានដោយគ្មានតម្រង
dashboard-shown = សំណុំឯកសារបានប្រគល់ពី { $from } ដល់ { $to }
dashboard-scope-all = គ្រប់ស្ថាប័ន
dashboard-scope = ស្ថាប័នដែលអាចមើលបាន៖ { $agencies }
dashboard-export-csv = ទាញយក CSV
dashboard-export-xlsx = ទាញយកឯកសារតារាង Excel (XLSX)
dashboard-no-data = មិនទាន់មានទិន្នន័យសម្រាប់ជម្រើសនេះទេ។
dashboard-period = រយៈពេល
dashboard-period-year = ឆ្នាំនេះ
dashboard-period-quarter = ត្រីមាសនេះ
dashboard-period-month = ខែនេះ
dashboard-period-days = ពីថ្ងៃ … ដល់ថ្ងៃ …
dashboard-agency = ស្ថាប័ន
dashboard-procedure = លេខកូដនីតិវិធី
dashboard-commune = លេខកូដឃុំ
dashboard-channel = មធ្យោបាយដាក់ពាក្យ
dashboard-all = ទាំងអស់
dashboard-by = តារាងតាម
dashboard-verified-only = តែការវាយតម្លៃដែលបានផ្ទៀងផ្ទាត់
dashboard-apply = បង្ហាញ
dashboard-interval = ចន្លោះទំនុកចិត្ត 95{"\u00A0"}%
dashboard-counted = ចំនួនការវាយតម្លៃដែលបានរាប់
dashboard-766 = ការពេញចិត្តលើការដោះស្រាយសំណុំឯកសារ (សេចក្តីសម្រេច 766)
dashboard-target = គោលដៅដែលត្រូវសម្រេច៖ { $target }
dashboard-levels = ភាគរយតាមកម្រិត
dashboard-trend = ភាគរយពេញចិត្តតាមខែ (ចន្លោះទំនុកចិត្ត 95{"\u00A0"}%)
dashboard-sort-hint = ចុចលើក្បាលជួរឈរដើម្បីតម្រៀប។
dashboard-questions = ចម្លើយតាមសំណួរនីមួយៗ
dashboard-question-overall = ការពេញចិត្តទូទៅ
dashboard-question-convenience = ភាពងាយស្រួល
dashboard-question-attitude = អាកប្បកិរិយារបស់មន្ត្រី
dashboard-question-agencies = ចំនួនកន្លែងដែលត្រូវទៅ
dashboard-comments = មតិថ្មីៗជាមួយការវាយតម្លៃមិនពេញចិត្ត
dashboard-comments-none = មិនទាន់មានការវាយតម្លៃមិនពេញចិត្តទេ។
dashboard-no-comment = (គ្មានមតិ)

## citizens' data and roles
command-mydata = មើលទិន្នន័យដែល Hailong រក្សាទុកអំពីលោកអ្នក
command-forget = លុបទិន្នន័យរបស់លោកអ្នក
mydata-title = ទិន្នន័យដែល Hailong រក្សាទុកអំពីលោកអ្នក។ Hailong មិនរក្សាទុកឈ្មោះ លេខទូរស័ព្ទ ឬឈ្មោះអ្នកប្រើ Telegram របស់លោកអ្នកទេ។
mydata-language = ភាសា៖ { $language }
mydata-language-auto = តាមកម្មវិធី Telegram (មិនទាន់ជ្រើសដោយ /language)
mydata-first-seen = បាននិយាយជាមួយ Hailong ជាលើកដំបូង៖ { $date }
mydata-follows = ឯកសារដែលលោកអ្នកតាមដាន ({ $count })៖
mydata-responses = ការវាយតម្លៃរបស់លោកអ្នក ({ $count })៖
mydata-cases = មតិកែលម្អរបស់លោកអ្នក ({ $count })៖
mydata-none = (គ្មាន)
mydata-footer = ផ្ញើ /forget ដើម្បីលុបទិន្នន័យនេះ។ ការវាយតម្លៃ និងមតិកែលម្អរបស់លោកអ្នកនៅតែរាប់ក្នុងសន្ទស្សន៍ពេញចិត្ត ប៉ុន្តែលែងភ្ជាប់ជាមួយលោកអ្នក។ អត្ថបទមតិត្រូវបានលុបដោយស្វ័យប្រវត្តិបន្ទាប់ពីរយៈពេលរក្សាទុក។
forget-ask = តើលោកអ្នកប្រាកដថាចង់លុបទិន្នន័យរបស់លោកអ្នកទេ? Hailong នឹងលុបភាសាដែលលោកអ្នកបានជ្រើស ឯកសារដែលលោកអ្នកតាមដាន ការកំណត់សេចក្តីជូនដំណឹង និងរាល់ការភ្ជាប់រវាងគណនី Telegram របស់លោកអ្នក និងការវាយតម្លៃ និងមតិកែលម្អ។ ការវាយតម្លៃនៅតែរាប់ក្នុងសន្ទស្សន៍ ប៉ុន្តែលែងភ្ជាប់ជាមួយលោកអ្នក។ មិនអាចត្រឡប់វិញបានទេ។
forget-open-cases = សូមចំណាំ៖ មតិកែលម្អបើកចំហ { $count } របស់លោកអ្នកនឹងត្រូវដកចេញជាមុន ហើយគ្មានចម្លើយនឹងមកដល់លោកអ្នកទេ។
forget-confirm-button = 🗑 លុបទិន្នន័យរបស់ខ្ញុំ
forget-keep-button = ទេ រក្សាទុក
forget-done = ទិន្នន័យរបស់លោកអ្នកត្រូវបានលុប។ ប្រសិនបើលោកអ្នកសរសេរម្តងទៀត Hailong នឹងចាត់ទុកលោកអ្នកជាអ្នកប្រើថ្មី។
forget-kept = ទិន្នន័យរបស់លោកអ្នកត្រូវបានរក្សាទុកដដែល។
grant-usage = របៀបប្រើ៖ /grant staff លេខសម្គាល់អ្នកប្រើ [លេខកូដស្ថាប័ន…] (គ្មានលេខកូដ៖ គ្រប់ស្ថាប័ន) ឬ /grant admin លេខសម្គាល់អ្នកប្រើ។
grant-unknown-agency = គ្មានស្ថាប័នដែលមានលេខកូដ { $code } ទេ។ មិនទាន់ផ្តល់សិទ្ធិ។
grant-done-admin = { $user } ឥឡូវជាអ្នកគ្រប់គ្រង។
grant-done-staff = { $user } ឥឡូវជាមន្ត្រី មើលតួលេខរបស់ស្ថាប័នទាំងអស់។
grant-done-staff-agencies = { $user } ឥឡូវជាមន្ត្រី មើលតួលេខរបស់៖ { $agencies }។
revoke-usage = របៀបប្រើ៖ /revoke លេខសម្គាល់អ្នកប្រើ
revoke-done = តួនាទីរបស់ { $user } ត្រូវបានដកហូត។
revoke-none = { $user } គ្មានតួនាទីដែលផ្តល់តាម Hailong ទេ។
role-in-configuration = តួនាទីរបស់ { $user } ត្រូវបានកំណត់ក្នុងឯកសារកំណត់ ([roles]); សូមកែនៅទីនោះ។
role-granted-staff = 🔑 គណនីនេះត្រូវបានផ្តល់តួនាទីបុគ្គលិក សម្រាប់តួលេខរបស់ស្ថាប័នទាំងអស់។ ពាក្យបញ្ជាថ្មីក៏មាននៅក្នុងម៉ឺនុយពាក្យបញ្ជាដែរ។
role-granted-staff-agencies = 🔑 គណនីនេះត្រូវបានផ្តល់តួនាទីបុគ្គលិក សម្រាប់តួលេខរបស់៖ { $agencies }។ ពាក្យបញ្ជាថ្មីក៏មាននៅក្នុងម៉ឺនុយពាក្យបញ្ជាដែរ។
role-granted-admin = 🔑 គណនីនេះត្រូវបានផ្តល់តួនាទីអ្នកគ្រប់គ្រង។ ពាក្យបញ្ជាថ្មីក៏មាននៅក្នុងម៉ឺនុយពាក្យបញ្ជាដែរ។
role-revoked = តួនាទីបុគ្គលិក ឬអ្នកគ្រប់គ្រងរបស់គណនីនេះត្រូវបានដកហូត។ ម៉ឺនុយពាក្យបញ្ជាឥឡូវមានតែពាក្យបញ្ជាសម្រាប់ប្រជាពលរដ្ឋប៉ុណ្ណោះ។
command-grant = ផ្តល់តួនាទីបុគ្គលិក ឬអ្នកគ្រប់គ្រង
command-revoke = ដកហូតតួនាទីដែលបានផ្តល់
xlsx-sheet-responses = ការវាយតម្លៃ
xlsx-responses-title = បញ្ជីការវាយតម្លៃការពេញចិត្ត (គ្មានអត្តសញ្ញាណប្រជាពលរដ្ឋ)
xlsx-response-day = ថ្ងៃប្រគល់លទ្ធផល
xlsx-response-agency-code = លេខកូដស្ថាប័ន
xlsx-response-agency = ស្ថាប័ន
xlsx-response-procedure-code = លេខកូដនីតិវិធី
xlsx-response-procedure = នីតិវិធី
xlsx-response-commune = លេខកូដឃុំ សង្កាត់
xlsx-response-channel = មធ្យោបាយដាក់ស្នើ
xlsx-response-verified = បានផ្ទៀងផ្ទាត់តាមបង្កាន់ដៃ
xlsx-response-overall = ការពេញចិត្តទូទៅ
xlsx-response-convenience = ភាពងាយស្រួល
xlsx-response-attitude = អាកប្បកិរិយារបស់មន្ត្រី
xlsx-response-agencies = ចំនួនកន្លែងដែលត្រូវទៅ
xlsx-response-went-well = អ្វីដែលល្អ
xlsx-response-went-badly = អ្វីដែលមិនល្អ
xlsx-response-comment = មតិ
command-export = របាយការណ៍ Excel នៃរយៈពេល (មន្ត្រី)
export-usage = របៀបប្រើ៖ /export (ឆ្នាំនេះ), /export month (ខែនេះ), /export quarter (ត្រីមាសនេះ), /export year (ឆ្នាំនេះ) ឬ /export ថ្ងៃចាប់ផ្តើម ថ្ងៃបញ្ចប់ ឧទាហរណ៍ /export 01/01/2026 31/03/2026
export-period-reversed = កាលបរិច្ឆេទទីមួយត្រូវតែមុនកាលបរិច្ឆេទទីពីរ។ សូមដាក់កាលបរិច្ឆេទមុនជាមុន ឧទាហរណ៍៖ /export 01/01/2026 31/03/2026
export-caption = 📎 របាយការណ៍ការពេញចិត្តពី { $from } ដល់ { $to }៖ សន្ទស្សន៍ ការវាយតម្លៃ (គ្មានអត្តសញ្ញាណ) និងមតិកែលម្អ។
export-too-large = របាយការណ៍មានទំហំ { $size } MB លើសដែនកំណត់ { $limit } MB ដែល Telegram អនុញ្ញាតឱ្យបញ្ជូន។ សូមជ្រើសរើសរយៈពេលខ្លីជាងនេះ (ឧទាហរណ៍ /export month) ឬទាញយកវាពីផ្ទាំងគ្រប់គ្រង (/dashboard)។
dashboard-export-index = សន្ទស្សន៍ការពេញចិត្ត
dashboard-export-responses = ការវាយតម្លៃ (គ្មានអត្តសញ្ញាណ)
dashboard-export-cases = មតិកែលម្អ
dashboard-cases = មតិកែលម្អដែលកំពុងបើក និងហួសកាលកំណត់
dashboard-cases-none = គ្មានមតិកែលម្អកំពុងបើកទេ។
dashboard-case-overdue = ហួសកាលកំណត់
dashboard-case-title = មតិកែលម្អ { $number }
dashboard-case-not-found = រកមិនឃើញមតិកែលម្អនេះក្នុងវិសាលភាពដែលអ្នកអាចមើលបានទេ។
dashboard-case-back = ← ត្រឡប់ទៅផ្ទាំងគ្រប់គ្រង
dashboard-case-history = ប្រវត្តិដំណើរការ
dashboard-history-at = ពេលវេលា
dashboard-history-who = អ្នកធ្វើ
dashboard-history-state = ស្ថានភាព
dashboard-history-note = កំណត់ចំណាំ
dashboard-actor-citizen = ប្រជាពលរដ្ឋ
dashboard-actor-staff = មន្ត្រី
dashboard-actor-admin = អ្នកគ្រប់គ្រង
dashboard-actor-system = ប្រព័ន្ធ (តាមដានកាលកំណត់)
dashboard-history-event = អ្វីដែលបានកើតឡើង
case-event-open = ប្រជាពលរដ្ឋបានផ្ញើ
case-event-take = បានទទួលដោះស្រាយ
case-event-forward = បានបញ្ជូនទៅស្ថាប័នផ្សេង
case-event-answer = បានឆ្លើយតប
case-event-rated-satisfied = ប្រជាពលរដ្ឋពេញចិត្តនឹងចម្លើយ
case-event-rated-not-satisfied = ប្រជាពលរដ្ឋមិនពេញចិត្ត បើកឡើងវិញ
case-event-withdraw = ប្រជាពលរដ្ឋបានដកវិញ
case-event-close-unrated = បានបិទ៖ ប្រជាពលរដ្ឋមិនបានវាយតម្លៃចម្លើយ
case-event-remind-half-time = រំលឹក៖ ពេលវេលាកន្លះបានកន្លងផុត
case-event-remind-last-day = រំលឹក៖ ថ្ងៃនេះជាថ្ងៃចុងក្រោយ
case-event-escalate = ហួសកាលកំណត់ឆ្លើយតប
