# English.

start =
    Hello! I am Hailong, the public-service assistant of { $province } province.
    • Send the dossier code printed on your receipt to see where your dossier stands, and get a message whenever it changes.
    • When you receive the result, rate the service in a few taps.
    Type /help for instructions, /language to change the language.
help =
    Here is what I can do:
    • Send a dossier code (printed on your receipt) to see where it stands, then press 🔔 Follow to get a message whenever it changes.
    /status CODE — look up a dossier by its code
    /rate CODE — rate your satisfaction with a returned dossier
    /gopy — send feedback or a proposal, and see the ones you sent
    /mydata — see the data Hailong keeps about you; /forget — erase it
    /notices off — no more notices from the province (/notices on to hear them again)
    /language — change the language (Tiếng Việt, English, ភាសាខ្មែរ)
    /start — introduction, /help — these instructions
    Your data: I keep only your Telegram user id, the language you chose, the dossiers you follow, your ratings (reported without names) and the feedback you send, never your name or phone number.
language-prompt = Choose your language:
language-changed = Switched to English.
not-understood = I did not understand that message. Type /help to see what I can do.
unknown-command = I do not know that command. Type /help to see the commands you can use.
media-unsupported = I can only read text messages. Type what you need, or /help for instructions.
edited-unsupported = I do not read edited messages. Please send it again as a new message.
group-private-only = To keep your dossier private, I only talk in private chats. Message me at t.me/{ $bot }
button-expired = This button is no longer active.
error-apology = Sorry, something went wrong while handling this message. Please try again in a few minutes.
command-start = Introduction and getting started
command-help = How to use the bot
command-language = Change the language
command-status = Look up a dossier's status by its code
command-stats = The satisfaction index (staff)
command-comments = What citizens wrote (staff)
command-broadcast = Write and send a notice (admins)
command-broadcasts = The notices sent so far (admins)

lookup-card =
    📄 Dossier { $code }
    Procedure: { $procedure }
    Handled by: { $agency }
    Filed: { $channel }
    Received: { $received }
    Promised for: { $due }
    Status: { $status }
lookup-past-due = ⚠️ The promised date, { $date }, has passed; the dossier is still being handled.
lookup-overdue = ⚠️ The dossier is overdue by { $days ->
        [one] { $days } working day
       *[other] { $days } working days
    }.
lookup-returned-early = ✅ The result was returned { $days ->
        [one] { $days } working day
       *[other] { $days } working days
    } early.
lookup-returned-on-time = ✅ The result was returned on the promised date.
lookup-returned-late = ⚠️ The result was returned { $days ->
        [one] { $days } working day
       *[other] { $days } working days
    } late.
lookup-not-found = No dossier has the code { $code }. Please check it and send it again.
lookup-invalid-code = That is not a dossier code. Codes are made of letters, digits, dots and hyphens.
lookup-rate-limited = You have looked up too many dossiers in one minute. Please wait a moment and try again.
lookup-unavailable = The province's dossier system is not answering right now. Please try again in a few minutes.
lookup-source-missing = ⚠️ Since { $date } the province's dossier system no longer finds this dossier. What is shown above is what it said last; please ask the office that received it.
status-usage = Add the dossier code, for example: /status { $example }
follow-button = 🔔 Follow
unfollow-button = 🔕 Unfollow
follow-started = Following: you will get a message whenever the status changes.
follow-stopped = You no longer follow this dossier.
link-followed = 🔔 You are following this dossier and will get a message whenever its status changes.
link-invalid = This link is damaged or was not issued by the province. Please send the dossier code printed on your receipt.
status-changed = 🔔 Dossier { $code } is now: { $status } ({ $date }).
next-step-3 = The dossier was not accepted. Please contact { $agency } to learn why.
next-step-5 = Please bring the additional papers requested to { $agency }.
next-step-6 = Please pay the fees due so that the handling of the dossier can go on.
next-step-8 = Handling of the dossier has stopped. Please contact { $agency } to learn why.
next-step-9 = The result is ready. Please collect it at { $agency } and bring your receipt.
next-step-10 = The result has been returned. Thank you for using the service.
status-1 = Newly registered
status-2 = Received
status-3 = Not accepted
status-4 = Processing
status-5 = Additional papers requested
status-6 = Payment requested
status-7 = Withdrawn by the applicant
status-8 = Handling stopped
status-9 = Result ready
status-10 = Result returned
channel-direct = In person
channel-online = Online
channel-postal = By post
command-rate = Rate your satisfaction with a returned dossier

survey-invite = 📝 The result of dossier { $code } ({ $procedure }) has been returned. How satisfied are you with how it was handled?
survey-reminder = 📝 A reminder: you have not rated dossier { $code } ({ $procedure }) yet. One tap is enough:
level-very-satisfied = 😊 Very satisfied
level-satisfied = 🙂 Satisfied
level-neutral = 😐 Neutral
level-not-satisfied = 🙁 Dissatisfied
level-very-not-satisfied = 😠 Very dissatisfied
survey-counted = Thank you! Your rating has been recorded.
survey-more = ✅ Your rating has been recorded. If you like, answer a few more questions:
survey-attitude = Are you satisfied with the attitude of the officials who received and handled your dossier?
survey-agencies = How many offices did you have to go to for this dossier?
survey-comment = Anything else to tell us? Type your comment (at most 1,000 characters), or press Finish.
agencies-none = None (filed online)
agencies-one-stop = Only the one-stop shop
agencies-several = Several offices
survey-skip = Skip
survey-finish = Finish
survey-done = 🙏 Thank you for your feedback! It helps the province serve people better.
survey-already = You have already rated this dossier.
survey-comment-too-long = The comment is longer than { $max } characters. Please shorten it and send it again.
rate-usage = Add the code of a returned dossier, for example: /rate { $example }
rate-not-returned = The result of dossier { $code } has not been returned yet. You can rate it once you have it.
low-rating-alert =
    ⚠️ A "dissatisfied" rating
    Dossier: { $code }
    Procedure: { $procedure }
    Rating: { $overall }
    { $answers }
    Comment: { $comment }
stats-usage = Usage: /stats (this year), /stats month (this month), /stats quarter (this quarter), /stats year (this year), or /stats FROM TO, for example /stats 01/01/2026 31/03/2026
period-not-a-date = { $text } is not a day of the calendar. Write dates as dd/mm/yyyy, for example 31/03/2026.
stats-empty = No ratings yet for dossiers returned from { $from } to { $to }.
stats-small-sample = ⚠️ Fewer than 30 ratings: the figure can still move a lot; compare with care.
stats-caption = The satisfaction index by month and by agency, { $from } – { $to }
chart-by-month = The share satisfied by month, with 95% intervals
chart-by-agency = Agencies ranked by the share satisfied, with 95% intervals
comments-none = No "dissatisfied" ratings yet.
comments-title = 🗒 The latest "dissatisfied" ratings:
grade-excellent = excellent
grade-good = good
grade-fair = fair
grade-average = average
grade-poor = poor
survey-convenience = Was it convenient to file the dossier and to collect the result?
survey-use-buttons = Please answer with the buttons under the question above, or tap “Finish” to stop.
survey-went-well = What went well? Pick one or more, then press Next.
survey-went-badly = What went badly? Pick one or more, then press Next.
survey-next = Next ›
chip-time = ⏱ Time
chip-attitude = 🤝 Attitude
chip-procedure = 📋 Procedure
chip-information = ℹ️ Information
chip-result = 📄 Result

command-notices = Turn the province's notices off or on
notices-footer = Don't want these notices? Send /notices off
notices-off = You will get no more notices from the province. Updates on the dossiers you follow still come. Send /notices on to hear them again.
notices-on = You will get the province's notices again. Send /notices off to stop them.
notices-are-on = You get the province's notices. Send /notices off to stop them.
notices-are-off = You do not get the province's notices. Send /notices on to hear them again.
admin-only = Only the bot's administrators can do that.
help-staff =
    For staff:
    /stats — the satisfaction index for this year; /stats month, /stats quarter, /stats year, or /stats FROM TO (dd/mm/yyyy)
    /comments [N] [AGENCY_CODE] [PERIOD] — the "dissatisfied" ratings and what citizens wrote, 5 to a page (at most 20); for example: /comments 10 000.00.05.H12 month
    /cases [open|overdue|mine|all] — feedback cases by their answer deadline; answer by replying to a case's message or with /traloi NUMBER text; forward with /chuyen NUMBER AGENCY_CODE reason
    /dashboard — a login link to the dashboard (single use, for 10 minutes)
    /export [PERIOD] — the period's Excel file: the index, the responses (without identities) and the feedback cases; PERIOD as for /stats
help-admin =
    For the administrators:
    /broadcast — send a notice to citizens (text or one photo; you choose who gets it and see a preview first)
    /broadcasts — the latest broadcasts and how far each has got
    /cancel ID — stop a broadcast; /cancel on its own stops the one you are writing
    /grant staff USER_ID [AGENCY_CODE…] or /grant admin USER_ID — give a role; /revoke USER_ID — take it away
broadcast-ask = 📣 Send me the notice: a text (bold, italics and links are kept) or one photo with a caption. /cancel to stop.
broadcast-empty = The notice is empty. Send the text of the notice, or /cancel.
broadcast-too-long = The notice is { $len } characters long; at most { $max } fit (the line about /notices off is added to every notice). Shorten it and send it again, or /cancel.
broadcast-bad-format = Telegram would not accept this formatting: { $detail }. Send the notice again, or /cancel.
broadcast-choose-audience = Who should get it? The number of people each choice reaches is in brackets; citizens who turned notices off are left out.
broadcast-pick-group = Choose one (the number of recipients is in brackets), or type it, e.g. commune:32014, agency:CODE, procedure:CODE, lang:km.
broadcast-audience-unknown = I did not understand that audience. Tap a button, or type all, commune:CODE, agency:CODE, procedure:CODE or lang:vi|en|km.
audience-all = Everyone ({ $count })
audience-by-commune = By commune
audience-by-agency = By agency
audience-by-procedure = By procedure
audience-by-language = By language
audience-none = No one in this group can receive notices. Choose another.
audience-label-all = everyone who talks to the bot
audience-label-commune = followers of dossiers in { $name }
audience-label-agency = followers of dossiers at { $name }
audience-label-procedure = followers of dossiers for { $name }
audience-label-language = citizens who read { $name }
button-back = ◀ Back
button-cancel = ✖ Cancel
broadcast-to = To: { $audience }
broadcast-send-button = 📣 Send to { $count }
broadcast-confirm =
    Above is the notice exactly as citizens will see it.
    To: { $audience }
    Recipients: { $count }
    Send the notice?
broadcast-draft-cancelled = Cancelled; nothing was sent.
broadcast-cancel-usage = Send /cancel ID to stop a broadcast (/broadcasts lists them).
broadcast-cancel-done = Broadcast #{ $id } stopped: no one else will get it. /broadcasts shows how many got it.
broadcast-cancel-not-running = Broadcast #{ $id } is not running, so there is nothing to stop.
broadcast-queued = 📣 Broadcast #{ $id } is queued for { $total } recipients; sending starts within seconds. This message will show the progress.
broadcast-progress =
    📣 Broadcast #{ $id }: sending
    { $done } of { $total } ({ $percent }%)
    { $rate } a second, about { $eta } left
broadcast-report =
    📣 Broadcast #{ $id }: done in { $took }
    Recipients: { $total }
    ✅ Delivered: { $delivered }
    🚫 Blocked the bot or left Telegram: { $blocked }
    ⚠️ Failed after retries: { $failed }
    ❔ Uncertain (in flight when the server stopped): { $uncertain }
    Skipped (they turned notices off meanwhile): { $skipped }
    Not sent (cancelled): { $cancelled }
broadcast-list-empty = No broadcasts yet. /broadcast sends one.
broadcast-list-title = The latest broadcasts:
broadcast-list-item = #{ $id } · { $created } · { $audience } · { $state } · { $delivered }/{ $total } delivered
broadcast-state-queued = queued
broadcast-state-sending = sending
broadcast-state-finished = finished
broadcast-state-cancelled = cancelled

## card
lookup-code-help = The dossier code is printed on your receipt and looks like { $example } (the agency's code, the date received and a number); spaces instead of the hyphens are fine. You can also scan the QR code on the receipt to open the dossier at once.
office-note = Note from the office: { $note }
rate-button = ⭐ Rate
rated-button = Rated: { $level }
## working days
lookup-due-in = ⏳ Promised for { $date } ({ $days ->
        [one] { $days } working day
       *[other] { $days } working days
    } left).
lookup-awaiting-papers = 📎 The office has been waiting since { $since } for you to bring the additional papers. This wait does not count against the office's deadline.
lookup-awaiting-payment = 💳 The office has been waiting since { $since } for you to pay the fees. This wait does not count against the office's deadline.
lookup-apology = 🙏 { $agency } apologises that your dossier was not handled by the promised date. Reason: { $reason }. New return date: { $date }.
source-dropped = ⚠️ Dossier { $code }: since { $since } the province's dossier system no longer finds this dossier, so you will no longer be told when its status changes. Its last known status: { $status }. Please contact { $agency } to learn how your dossier stands, or send its code again to look it up.
delay-apology =
    🙏 An apology and a new return date — dossier { $code }
    { $agency } apologises that your dossier was not handled by the promised date, { $due }.
    Reason: { $reason }
    New return date: { $date }.
report-late-title = The late dossiers by agency (in working days)
report-late-agency = Agency
report-late-count = Late
report-late-apologized = Apologised
report-late-mean-days = Mean days late
report-late-max-days = Most days late
report-late-none = No late dossiers in this period.

## xlsx
xlsx-sheet-overall = Overall
xlsx-sheet-agency = By agency
xlsx-sheet-procedure = By procedure
xlsx-sheet-commune = By commune
xlsx-sheet-month = By month
xlsx-sheet-channel = By channel
xlsx-title = The satisfaction of citizens and organisations with the public administration
xlsx-from = From
xlsx-to = To
xlsx-made = Drawn up on
xlsx-open-end = Open
xlsx-group = Group
xlsx-responses = Responses
xlsx-verified-responses = Verified responses
xlsx-returned = Dossiers returned
xlsx-response-rate = Response rate
xlsx-very-satisfied = Very satisfied (responses)
xlsx-very-satisfied-share = Very satisfied (share)
xlsx-satisfied = Satisfied (responses)
xlsx-satisfied-share = Satisfied (share)
xlsx-neutral = Neutral (responses)
xlsx-neutral-share = Neutral (share)
xlsx-not-satisfied = Dissatisfied (responses)
xlsx-not-satisfied-share = Dissatisfied (share)
xlsx-very-not-satisfied = Very dissatisfied (responses)
xlsx-very-not-satisfied-share = Very dissatisfied (share)
xlsx-satisfaction = Satisfied or very satisfied
xlsx-satisfaction-low = Lower bound of the 95% interval
xlsx-satisfaction-high = Upper bound of the 95% interval
xlsx-mean-total = Mean total under Circular 01
xlsx-grade = Grade
xlsx-index-1 = Index 1
xlsx-index-2 = Index 2
xlsx-index-3 = Index 3
xlsx-index-4 = Index 4
xlsx-index-5 = Index 5
xlsx-index-6 = Index 6
xlsx-index-7 = Index 7
xlsx-index-8 = Index 8
xlsx-index-9 = Index 9
xlsx-small-sample = Small sample (under 30 responses)
xlsx-name = Name
xlsx-verified-share = Share of verified responses
xlsx-d766-dossier-satisfaction = Decision 766: satisfaction with dossier handling
xlsx-d766-overdue-share = Decision 766: share of dossiers returned late
xlsx-d766-disliked-share = Decision 766: share of dossiers that drew a complaint or a "dissatisfied"
xlsx-d766-on-time-share = Decision 766: share of dossiers returned on time
xlsx-d766-late-apologized-share = Decision 766: share returned late with a letter of apology
xlsx-indices-measured = Circular 01 indices measured (of 9)
xlsx-yes = Yes
xlsx-no = No

## index
stats-period-reversed = The first date must come before the second. Please give the earlier date first, for example: /stats 01/01/2026 31/03/2026
stats-headline =
    📊 What citizens said about the dossiers returned from { $from } to { $to }
    Ratings: { $responses } ({ $verified } verified through the receipt's QR code, { $verified_share }) for { $returned } dossiers returned; a response rate of { $rate }
    Satisfied or very satisfied: { $satisfaction } (95% interval: { $interval })
stats-counted-verified = The index counts only the { $counted } verified ratings.
stats-level = • { $level }: { $count ->
        [one] 1 rating
       *[other] { $count } ratings
    } ({ $share })
stats-766 =
    The satisfaction group of Decision 766/QĐ-TTg:
    • Satisfaction with dossier handling: { $satisfaction } (target { $target })
    • Dossiers returned on time: { $on_time }; late with a letter of apology: { $apologized }
    • Feedback handled on time: { $feedback_on_time } (of { $feedback_due } due); satisfaction with the handling of feedback: { $feedback_satisfaction } (of { $feedback_first_time } first-time cases)
stats-circular-01-total = Circular 01/2018: a total of { $total }/18, graded { $grade }
stats-circular-01-partial = Circular 01/2018: { $measured } of the 9 indices measured, with a mean of { $mean }/2; without all 9 there is no total and no grade
stats-no-data = no data yet

## chart
chart-levels = The share of each level
chart-no-data = No data for this period
chart-percent = { $value }%
chart-month = { $month ->
        [1] Jan
        [2] Feb
        [3] Mar
        [4] Apr
        [5] May
        [6] Jun
        [7] Jul
        [8] Aug
        [9] Sep
        [10] Oct
        [11] Nov
       *[12] Dec
    } { $year }

## comments
comments-usage = Usage: /comments [ratings per page, 1 to 20] [agency code] [period: month, quarter, year, or FROM TO as dd/mm/yyyy]. For example: /comments 10 000.00.05.H12 month
comments-period-reversed = The start date must come before the end date. For example: /comments 01/01/2026 31/03/2026
comments-agency-unknown = There is no agency with this code among those you may read.
comments-period = Ratings from { $from } to { $to }
comments-agency = Agency: { $agency }
comments-entry =
    • { $date } · { $agency } · { $level }
      Dossier { $code } · { $procedure }
comments-went-badly = Not satisfied with: { $chips }
comments-went-well = Satisfied with: { $chips }
comments-comment = Comment: “{ $comment }”
comments-newer = ‹ Previous page
comments-older = Next page ›
## cases
command-feedback = Feedback and complaints
command-cases = Feedback cases to handle
case-feedback-button = ✉️ Feedback
case-offer = Would you like the agency to contact you and answer?
case-ask-subject = What is your feedback about? Choose a dossier you follow, an agency, a procedure or the province in general.
case-subject-agency = 🏢 An agency
case-subject-procedure = 📄 A procedure
case-subject-province = 🏛 The province in general
case-ask-agency = Choose the agency:
case-ask-procedure = Choose the procedure:
case-pick-hint = Or type part of the name (with or without accents, e.g. “dam doi”) or the code to search.
case-pick-page = Page { $page } of { $pages }
case-pick-previous = ‹ Previous page
case-pick-next = Next page ›
case-pick-found = { $count ->
        [one] 1 match for “{ $query }”:
       *[other] { $count } matches for “{ $query }”:
    }
case-pick-none = Nothing matches “{ $query }”. Please try other words, or choose from the list below.
case-pick-all = 📋 Show the whole list
case-ask-kind = What kind of feedback is it?
case-kind-delay = ⏰ Delay
case-kind-attitude = 😠 Attitude or harassment
case-kind-papers = 📑 Papers asked beyond the rules
case-kind-proposal = 💡 Proposal
case-kind-other = 💬 Other
case-ask-text = Please write your feedback (at most { $max } characters).
case-text-invalid = The text must be 1 to { $max } characters. Please write it again.
case-ask-photos = You may add up to { $max } photos ({ $count } so far), or tap “Continue”.
case-next = Continue ➡️
case-confirm =
    Please check before sending:
    About: { $about }
    Kind: { $kind }
    Text: { $body }
    Photos: { $photos }
case-publish-off = ☐ Allow publishing the question and answer (without my identity)
case-publish-on = ☑️ Allow publishing the question and answer (without my identity)
case-send = ✅ Send
case-cancel = ✖️ Cancel
case-cancelled = Feedback cancelled.
case-use-buttons = Please use the buttons of the message above, or tap “Cancel”.
case-sent = Your feedback was received as { $number }. The agency will answer by { $due }.
case-too-many-open = You have { $max } feedback cases awaiting an answer. Please wait for an answer or withdraw one (/gopy) before sending a new one.
case-list-title = Your feedback:
case-list-line = • Case { $number }: { $state }, answer due { $day }
case-list-line-answered = • Case { $number }: { $state }, answer sent { $day }
case-list-line-ended = • Case { $number }: { $state }
case-list-earlier = … and { $count ->
        [one] { $count } earlier case
       *[other] { $count } earlier cases
    } now ended: /mydata lists them all.
case-new = ➕ New feedback
case-withdraw = Withdraw { $number }
case-read = 📬 Read the answer to { $number }
case-withdrawn = Feedback { $number } was withdrawn.
case-state-received = received
case-state-acknowledged = being handled
case-state-forwarded = forwarded
case-state-answered = answered
case-state-reopened = reopened
case-state-closed = closed
case-state-withdrawn = withdrawn
case-answer-to-citizen =
    📬 { $agency } answers your feedback { $number }:
    
    { $answer }
    
    Are you satisfied with the answer?
case-satisfied = 👍 Satisfied
case-not-satisfied = 👎 Not satisfied
case-closed-thanks = Thank you. Feedback { $number } is closed.
case-ask-reason = Please tell us why you are not satisfied (optional), or tap “Skip”.
case-skip = Skip
case-reopened = Feedback { $number } is reopened. The agency will answer again by { $due }.
case-not-now = This case was already handled; nothing changed.
case-not-now-state = { $number } is { $state }; nothing changed.
case-take-before-forward = { $number } was forwarded to your agency and nobody has taken it yet. Please press Take first, then forward it.
case-province = { $province } Provincial People's Committee
case-staff-card =
    📨 Feedback { $number } ({ $state })
    Citizen #{ $citizen } · { $kind }
    About: { $about }
    Held by: { $holder }
    Answer due: { $due }
    
    { $body }
    
case-staff-khmer = 🇰🇭 Written in Khmer: please answer in Khmer.
case-staff-forwarded-note = ↪️ Forwarded here, reason: { $note }
case-staff-reopened-note = ↩️ The citizen was not satisfied with the answer, reason: { $note }
case-staff-photos = 📷 { $count } photos attached (above).
case-staff-publish = The citizen allows publishing the question and answer (without identity).
case-staff-hint = To answer: reply to this message, or type /traloi { $number } text.
case-take = Take
case-forward = Forward
case-answer-button = Answer
case-taken = You took { $number }.
case-forward-how =
    To forward { $number }, type: /chuyen { $number } <agency code> <reason>
    Agencies:
    { $agencies }
case-answer-how = To answer { $number }: reply to the case's message, or type /traloi { $number } text.
case-answered = The answer to { $number } was sent to the citizen.
case-forwarded = { $number } was forwarded to { $agency }.
case-forward-usage = Usage: /chuyen <case number> <agency code> <reason>, e.g. /chuyen PA-261126-0001 000.00.05.H12 Not within our remit
case-answer-usage = Usage: /traloi <case number> <text>, e.g. /traloi PA-261126-0001 The dossier was settled.
case-unknown-agency = There is no agency with code { $code }.
case-not-found = No feedback case { $number } was found.
cases-title = { $which ->
        [overdue] Overdue feedback cases
        [mine] Feedback cases assigned to me
        [all] Feedback cases (all)
       *[open] Open feedback cases
    }: { $count }
cases-none = No cases.
cases-line = • { $number } · { $state } · due { $due } · { $agency }
cases-overdue-mark = ⚠️ overdue
cases-held-mark = ⏸ held for review
cases-khmer-mark = 🇰🇭 Khmer
cases-usage = Usage: /cases [open|overdue|mine|all] (open, overdue, assigned to me, all)
case-forward-reason = Type the reason for forwarding { $number } to { $agency }:
## cases-jobs
case-remind-half-time = ⏰ Reminder: half the time to answer feedback { $number } has gone. Answer by { $due }. Handled by: { $agency }.
case-remind-last-day = ⏰ Today, { $due }, is the last day to answer feedback { $number }. Handled by: { $agency }.
case-escalated = 🚨 Feedback { $number } is overdue (due { $due }) and has not been answered. Handled by: { $agency }.
case-intake = the province's feedback intake
xlsx-d766-feedback-on-time = Decision 766: feedback handled on time
xlsx-d766-feedback-satisfaction = Decision 766: satisfaction with the handling of feedback
xlsx-d766-feedback-due = Feedback cases due
xlsx-d766-feedback-first-time = First-time feedback cases
xlsx-sheet-cases = Feedback
xlsx-cases-title = Citizen feedback cases
xlsx-case-number = Case number
xlsx-case-opened = Received on
xlsx-case-citizen = Citizen
xlsx-case-subject = Concerns
xlsx-case-kind = Kind
xlsx-case-agency = Handling agency
xlsx-case-procedure = Procedure
xlsx-case-dossier = Dossier code
xlsx-case-language = Language
xlsx-case-state = State
xlsx-case-due = Answer due
xlsx-case-answered = Answered on
xlsx-case-on-time = Answered on time
xlsx-case-rating = Citizen's rating
xlsx-case-reopened = Reopened
xlsx-case-body = Feedback
xlsx-case-answer = Answer
## operations
lookup-busy = Too many look-ups of codes we do not hold are arriving right now. Please check the code on your receipt and try again in a few minutes.
broadcast-estimate = ⏱ Estimated time to send: { $took } ({ $rate } messages a second).
broadcast-estimate-paid =
    ⏱ Estimated time to send: { $took } ({ $rate } messages a second, paid broadcast).
    💫 Estimated cost: at most { $stars } Telegram Stars (0.1 Star a message), from the bot's balance.
## dashboard
command-dashboard = Log in to the web dashboard (staff)
dashboard-link = 🔐 Your link to the dashboard (valid for { $minutes } minutes, works once; do not pass it on):
    { $url }
dashboard-title = Citizen satisfaction dashboard
dashboard-login-title = Log in to the dashboard
dashboard-login-how = To log in, send /dashboard to the province's Telegram bot. It answers with a link that works once, within 10 minutes.
dashboard-login-open = Open @{ $bot } in Telegram for a link
dashboard-logged-in = Logged in. Open the dashboard
dashboard-logout = Log out
dashboard-bad-date = The filter “{ $field }” is not a date: “{ $value }”. Please write dates as dd/mm/yyyy, for example 01/11/2026.
dashboard-bad-order = The first day ({ $from }) is after the last ({ $to }). Please choose a first day no later than the last.
dashboard-bad-choice = The filter “{ $field }” has no choice “{ $value }”. Please choose one of: { $choices }.
dashboard-bad-code = The filter “{ $field }” is not a valid code: “{ $value }”. Please write a code of letters, digits, dots, hyphens or underscores, at most 64 characters.
dashboard-bad-filter-back = Open the dashboard without filters
dashboard-shown = Dossiers returned from { $from } to { $to }
dashboard-scope-all = All agencies
dashboard-scope = Agencies: { $agencies }
dashboard-export-csv = Download CSV
dashboard-export-xlsx = Download Excel (XLSX)
dashboard-no-data = No data for this selection yet.
dashboard-period = Period
dashboard-period-year = This year
dashboard-period-quarter = This quarter
dashboard-period-month = This month
dashboard-period-days = From … to …
dashboard-agency = Agency
dashboard-procedure = Procedure code
dashboard-commune = Commune code
dashboard-channel = Channel
dashboard-all = All
dashboard-by = Table by
dashboard-verified-only = Verified responses only
dashboard-apply = Show
dashboard-interval = 95% interval
dashboard-counted = Responses counted
dashboard-766 = Dossier satisfaction (Decision 766)
dashboard-target = Target: { $target }
dashboard-levels = Shares by level
dashboard-trend = Satisfied share by month (95% interval)
dashboard-sort-hint = Click a column's header to sort.
dashboard-questions = Answers to each question
dashboard-question-overall = Overall satisfaction
dashboard-question-convenience = Convenience
dashboard-question-attitude = Officials' attitude
dashboard-question-agencies = Places the applicant had to go
dashboard-comments = Latest comments with low ratings
dashboard-comments-none = No low ratings yet.
dashboard-no-comment = (no comment)

## citizens' data and roles
command-mydata = See the data Hailong keeps about you
command-forget = Erase your data
mydata-title = The data Hailong keeps about you. Hailong does not keep your name, phone number or Telegram username.
mydata-language = Language: { $language }
mydata-language-auto = as your Telegram app is set (not chosen with /language)
mydata-first-seen = First talked to Hailong on { $date }
mydata-follows = Dossiers you follow ({ $count }):
mydata-responses = Your ratings ({ $count }):
mydata-cases = Your feedback cases ({ $count }):
mydata-none = (none)
mydata-footer = Send /forget to erase this data. Your ratings and cases stay counted in the satisfaction index, but no longer linked to you. Comments and feedback texts are erased automatically after the retention period.
forget-ask = Are you sure you want to erase your data? Hailong will erase your chosen language, the dossiers you follow, your notice setting and every link between your Telegram account and your ratings and cases. Your ratings stay counted in the index, no longer linked to you. This cannot be undone.
forget-open-cases = Note: { $count ->
        [one] your open case will
       *[other] your { $count } open cases will
    } be withdrawn first, and no answer will reach you.
forget-confirm-button = 🗑 Erase my data
forget-keep-button = No, keep it
forget-done = Your data has been erased. If you write again, Hailong will treat you as someone new.
forget-kept = Your data is kept as it was.
grant-usage = Usage: /grant staff USER_ID [AGENCY_CODE…] (no code: every agency) or /grant admin USER_ID.
grant-unknown-agency = No agency has the code { $code }. Nothing was granted.
grant-done-admin = { $user } is now an administrator.
grant-done-staff = { $user } is now staff, reading the figures of every agency.
grant-done-staff-agencies = { $user } is now staff, reading the figures of: { $agencies }.
revoke-usage = Usage: /revoke USER_ID
revoke-done = { $user }'s role was taken away.
revoke-none = { $user } has no role granted through Hailong.
role-in-configuration = { $user }'s role is set in the configuration file ([roles]); change it there.
role-granted-staff = 🔑 This account has been given the staff role, for every agency's figures. The new commands are also in the command menu.
role-granted-staff-agencies = 🔑 This account has been given the staff role, for the figures of: { $agencies }. The new commands are also in the command menu.
role-granted-admin = 🔑 This account has been given the admin role. The new commands are also in the command menu.
role-revoked = This account's staff or admin role has been taken away. The command menu now holds the citizens' commands only.
command-grant = Give someone the staff or admin role
command-revoke = Take a granted role away
xlsx-sheet-responses = Responses
xlsx-responses-title = Satisfaction survey responses (without the citizens' identity)
xlsx-response-day = Returned on
xlsx-response-agency-code = Agency code
xlsx-response-agency = Agency
xlsx-response-procedure-code = Procedure code
xlsx-response-procedure = Procedure
xlsx-response-commune = Commune code
xlsx-response-channel = Channel
xlsx-response-verified = Verified by the receipt
xlsx-response-overall = Overall satisfaction
xlsx-response-convenience = Convenience
xlsx-response-attitude = Officials' attitude
xlsx-response-agencies = Places the applicant had to go
xlsx-response-went-well = What went well
xlsx-response-went-badly = What went badly
xlsx-response-comment = Comment
command-export = The period's report as an Excel file (staff)
export-usage = How to use it: /export (this year), /export month, /export quarter, /export year, or /export FROM TO, for example /export 01/01/2026 31/03/2026
export-period-reversed = The first date must come before the second. Please give the earlier date first, for example: /export 01/01/2026 31/03/2026
export-caption = 📎 The satisfaction report from { $from } to { $to }: the index, the responses (without identities) and the feedback cases.
export-too-large = The report is { $size } MB, over the { $limit } MB Telegram lets a bot send. Please choose a shorter period (for example /export month), or download it from the dashboard (/dashboard).
dashboard-export-index = Satisfaction index
dashboard-export-responses = Responses (without identities)
dashboard-export-cases = Feedback cases
dashboard-cases = Open and overdue feedback cases
dashboard-cases-none = No case is open.
dashboard-case-overdue = Overdue
dashboard-case-title = Case { $number }
dashboard-case-not-found = No such case among those you may read.
dashboard-case-back = ← Back to the dashboard
dashboard-case-history = History
dashboard-history-at = When
dashboard-history-who = Who
dashboard-history-state = State
dashboard-history-note = Note
dashboard-actor-citizen = Citizen
dashboard-actor-staff = Staff
dashboard-actor-admin = Administrator
dashboard-actor-system = The system (deadlines)
dashboard-history-event = What happened
case-event-open = The citizen sent it
case-event-take = Taken
case-event-forward = Forwarded to another agency
case-event-answer = Answered
case-event-rated-satisfied = The citizen was satisfied with the answer
case-event-rated-not-satisfied = The citizen was not satisfied; reopened
case-event-withdraw = The citizen withdrew it
case-event-close-unrated = Closed: the citizen did not rate the answer
case-event-remind-half-time = Reminder: half the time has passed
case-event-remind-last-day = Reminder: today is the last day
case-event-escalate = The answer is overdue
