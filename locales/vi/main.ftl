# Tiếng Việt — ngôn ngữ mặc định của Hailong.

start =
    Xin chào Ông/Bà! Tôi là Hailong, trợ lý hành chính công của tỉnh { $province }.
    • Ông/Bà gửi mã hồ sơ in trên giấy tiếp nhận để xem tình trạng giải quyết và nhận tin báo mỗi khi hồ sơ thay đổi.
    • Khi nhận kết quả, Ông/Bà có thể đánh giá mức độ hài lòng chỉ với vài lần chạm.
    Gõ /help để xem hướng dẫn, /language để đổi ngôn ngữ.
help =
    Tôi có thể giúp Ông/Bà:
    • Gửi mã hồ sơ (in trên giấy tiếp nhận) để xem tình trạng giải quyết, rồi bấm 🔔 Theo dõi để nhận tin báo khi có thay đổi.
    /status MÃ — tra cứu hồ sơ theo mã
    /rate MÃ — đánh giá mức độ hài lòng với hồ sơ đã trả kết quả
    /gopy — gửi phản ánh, kiến nghị và xem các phản ánh đã gửi
    /mydata — xem dữ liệu Hailong lưu về Ông/Bà; /forget — xoá dữ liệu đó
    /notices off — không nhận thông báo của tỉnh nữa (/notices on để nhận lại)
    /language — đổi ngôn ngữ (Tiếng Việt, English, ភាសាខ្មែរ)
    /start — giới thiệu, /help — hướng dẫn này
    Dữ liệu của Ông/Bà: tôi chỉ lưu mã người dùng Telegram, ngôn ngữ Ông/Bà chọn, các hồ sơ Ông/Bà theo dõi, đánh giá của Ông/Bà (báo cáo không ghi danh) và phản ánh, kiến nghị Ông/Bà gửi, không lưu tên hay số điện thoại.
language-prompt = Ông/Bà vui lòng chọn ngôn ngữ muốn dùng:
language-changed = Đã chuyển sang tiếng Việt.
not-understood = Tôi chưa hiểu tin nhắn này. Ông/Bà gõ /help để xem tôi có thể giúp gì.
unknown-command = Tôi không biết lệnh này. Ông/Bà gõ /help để xem các lệnh có thể dùng.
media-unsupported = Tôi chỉ đọc được tin nhắn chữ. Ông/Bà vui lòng gõ nội dung cần hỏi, hoặc gõ /help để xem hướng dẫn.
edited-unsupported = Tôi không đọc tin nhắn đã sửa. Ông/Bà vui lòng gửi lại thành một tin nhắn mới.
group-private-only = Để giữ kín thông tin hồ sơ của Ông/Bà, tôi chỉ trò chuyện riêng. Ông/Bà vui lòng nhắn cho tôi tại t.me/{ $bot }
button-expired = Nút này không còn hiệu lực.
error-apology = Xin lỗi Ông/Bà, tôi gặp sự cố khi xử lý tin nhắn này. Ông/Bà vui lòng thử lại sau ít phút.
command-start = Giới thiệu và bắt đầu
command-help = Hướng dẫn sử dụng
command-language = Đổi ngôn ngữ
command-status = Tra cứu tình trạng hồ sơ theo mã
command-stats = Chỉ số hài lòng (cán bộ)
command-comments = Ý kiến của người dân (cán bộ)
command-broadcast = Soạn và gửi thông báo (quản trị)
command-broadcasts = Các thông báo đã gửi (quản trị)

lookup-card =
    📄 Hồ sơ { $code }
    Thủ tục: { $procedure }
    Cơ quan giải quyết: { $agency }
    Hình thức nộp: { $channel }
    Ngày tiếp nhận: { $received }
    Ngày hẹn trả: { $due }
    Trạng thái: { $status }
lookup-past-due = ⚠️ Đã qua ngày hẹn trả { $date }, hồ sơ vẫn đang được giải quyết.
lookup-overdue = ⚠️ Quá hạn { $days } ngày làm việc.
lookup-returned-early = ✅ Trả kết quả sớm { $days } ngày làm việc so với ngày hẹn.
lookup-returned-on-time = ✅ Trả kết quả đúng hẹn.
lookup-returned-late = ⚠️ Trả kết quả trễ { $days } ngày làm việc so với ngày hẹn.
lookup-not-found = Không tìm thấy hồ sơ có mã { $code }. Ông/Bà vui lòng kiểm tra lại mã và gửi lại.
lookup-invalid-code = Đây không phải mã hồ sơ. Mã hồ sơ gồm chữ, số, dấu chấm và gạch ngang.
lookup-rate-limited = Ông/Bà đã tra cứu quá nhiều lần trong một phút. Ông/Bà vui lòng đợi một chút rồi thử lại.
lookup-unavailable = Hệ thống hồ sơ của tỉnh đang tạm thời không trả lời. Ông/Bà vui lòng thử lại sau ít phút.
lookup-source-missing = ⚠️ Từ ngày { $date }, hệ thống hồ sơ của tỉnh không còn tìm thấy hồ sơ này. Thông tin trên là thông tin hệ thống cập nhật lần cuối; Ông/Bà vui lòng liên hệ nơi đã tiếp nhận hồ sơ.
status-usage = Ông/Bà vui lòng gửi kèm mã hồ sơ, ví dụ: /status { $example }
follow-button = 🔔 Theo dõi
unfollow-button = 🔕 Bỏ theo dõi
follow-started = Đã theo dõi: Ông/Bà sẽ nhận tin báo khi trạng thái hồ sơ thay đổi.
follow-stopped = Đã bỏ theo dõi hồ sơ này.
link-followed = 🔔 Ông/Bà đang theo dõi hồ sơ này và sẽ nhận tin báo mỗi khi trạng thái thay đổi.
link-invalid = Đường dẫn này bị hỏng hoặc không do hệ thống cấp. Ông/Bà vui lòng gửi mã hồ sơ in trên giấy tiếp nhận.
status-changed = 🔔 Hồ sơ { $code } chuyển sang trạng thái: { $status } ({ $date }).
next-step-3 = Hồ sơ không được tiếp nhận. Ông/Bà vui lòng liên hệ { $agency } để biết lý do.
next-step-5 = Ông/Bà vui lòng bổ sung giấy tờ theo yêu cầu tại { $agency }.
next-step-6 = Ông/Bà vui lòng thực hiện nghĩa vụ tài chính (nộp phí, lệ phí) để hồ sơ được tiếp tục giải quyết.
next-step-8 = Hồ sơ đã dừng xử lý. Ông/Bà vui lòng liên hệ { $agency } để biết lý do.
next-step-9 = Kết quả đã sẵn sàng. Mời Ông/Bà đến nhận tại { $agency }, nhớ mang theo giấy tiếp nhận.
next-step-10 = Kết quả đã được trả. Cảm ơn Ông/Bà đã sử dụng dịch vụ.
status-1 = Mới đăng ký
status-2 = Được tiếp nhận
status-3 = Không được tiếp nhận
status-4 = Đang xử lý
status-5 = Yêu cầu bổ sung giấy tờ
status-6 = Yêu cầu thực hiện nghĩa vụ tài chính
status-7 = Công dân yêu cầu rút hồ sơ
status-8 = Dừng xử lý
status-9 = Đã xử lý xong
status-10 = Đã trả kết quả
channel-direct = Trực tiếp
channel-online = Trực tuyến
channel-postal = Qua bưu chính
command-rate = Đánh giá mức độ hài lòng với một hồ sơ đã trả kết quả

survey-invite = 📝 Hồ sơ { $code } ({ $procedure }) đã trả kết quả. Ông/Bà có hài lòng với việc giải quyết hồ sơ này không?
survey-reminder = 📝 Nhắc lại: Ông/Bà chưa đánh giá hồ sơ { $code } ({ $procedure }). Ông/Bà có hài lòng với việc giải quyết hồ sơ này không? Chỉ cần một lần chạm:
level-very-satisfied = 😊 Rất hài lòng
level-satisfied = 🙂 Hài lòng
level-neutral = 😐 Bình thường
level-not-satisfied = 🙁 Không hài lòng
level-very-not-satisfied = 😠 Rất không hài lòng
survey-counted = Cảm ơn Ông/Bà! Đánh giá đã được ghi nhận.
survey-more = ✅ Đánh giá của Ông/Bà đã được ghi nhận. Ông/Bà có thể trả lời thêm vài câu hỏi, không bắt buộc:
survey-attitude = Ông/Bà có hài lòng với thái độ phục vụ của công chức tiếp nhận, giải quyết hồ sơ không?
survey-agencies = Ông/Bà đã phải đến bao nhiêu nơi để hoàn thành hồ sơ này?
survey-comment = Ông/Bà có góp ý gì thêm không? Ông/Bà vui lòng gõ góp ý (tối đa 1.000 ký tự), hoặc bấm Kết thúc.
agencies-none = Không phải đến nơi nào (nộp trực tuyến)
agencies-one-stop = Chỉ Bộ phận Một cửa
agencies-several = Nhiều nơi
survey-skip = Bỏ qua
survey-finish = Kết thúc
survey-done = 🙏 Cảm ơn Ông/Bà đã góp ý! Ý kiến của Ông/Bà giúp tỉnh phục vụ người dân, tổ chức tốt hơn.
survey-already = Ông/Bà đã đánh giá hồ sơ này rồi.
survey-comment-too-long = Góp ý dài quá { $max } ký tự. Ông/Bà vui lòng rút gọn rồi gửi lại.
rate-usage = Ông/Bà vui lòng gửi kèm mã hồ sơ đã trả kết quả, ví dụ: /rate { $example }
rate-not-returned = Hồ sơ { $code } chưa trả kết quả. Ông/Bà có thể đánh giá sau khi nhận kết quả.
low-rating-alert =
    ⚠️ Đánh giá không hài lòng
    Hồ sơ: { $code }
    Thủ tục: { $procedure }
    Mức độ: { $overall }
    { $answers }
    Góp ý: { $comment }
stats-usage = Cách dùng: /stats (năm nay), /stats tháng (tháng này), /stats quý (quý này), /stats năm (năm nay), hoặc /stats TỪ_NGÀY ĐẾN_NGÀY, ví dụ /stats 01/01/2026 31/03/2026
period-not-a-date = { $text } không phải là ngày có thật. Ngày viết theo dd/mm/yyyy, ví dụ 31/03/2026.
stats-empty = Chưa có đánh giá nào cho hồ sơ trả kết quả từ { $from } đến { $to }.
stats-small-sample = ⚠️ Dưới 30 đánh giá: con số còn dao động nhiều, cần thận trọng khi so sánh.
stats-caption = Chỉ số hài lòng theo tháng và theo cơ quan, { $from } – { $to }
chart-by-month = Tỷ lệ hài lòng theo tháng, khoảng tin cậy 95{"\u00A0"}%
chart-by-agency = Xếp hạng cơ quan theo tỷ lệ hài lòng, khoảng tin cậy 95{"\u00A0"}%
comments-none = Chưa có đánh giá không hài lòng nào.
comments-title = 🗒 Các đánh giá không hài lòng gần đây:
grade-excellent = Xuất sắc
grade-good = Tốt
grade-fair = Khá
grade-average = Trung bình
grade-poor = Yếu
survey-convenience = Ông/Bà có thấy việc nộp hồ sơ và nhận kết quả thuận tiện không?
survey-use-buttons = Ông/Bà vui lòng trả lời bằng các nút dưới câu hỏi phía trên, hoặc bấm «Kết thúc» để dừng đánh giá.
survey-went-well = Ông/Bà hài lòng với những điểm nào? Ông/Bà chọn một hoặc nhiều mục, rồi bấm Tiếp.
survey-went-badly = Ông/Bà chưa hài lòng với những điểm nào? Ông/Bà chọn một hoặc nhiều mục, rồi bấm Tiếp.
survey-next = Tiếp ›
chip-time = ⏱ Thời gian
chip-attitude = 🤝 Thái độ
chip-procedure = 📋 Thủ tục
chip-information = ℹ️ Thông tin
chip-result = 📄 Kết quả

command-notices = Tắt hoặc bật thông báo của tỉnh
notices-footer = Ông/Bà không muốn nhận thông báo? Gửi /notices off
notices-off = Ông/Bà sẽ không nhận thông báo của tỉnh nữa. Tin cập nhật về các hồ sơ Ông/Bà theo dõi vẫn được gửi. Gửi /notices on để nhận lại.
notices-on = Ông/Bà sẽ nhận lại thông báo của tỉnh. Gửi /notices off để tắt.
notices-are-on = Ông/Bà đang nhận thông báo của tỉnh. Gửi /notices off để tắt.
notices-are-off = Ông/Bà đang tắt thông báo của tỉnh. Gửi /notices on để nhận lại.
admin-only = Chỉ quản trị viên của bot mới làm được việc này.
help-staff =
    Dành cho cán bộ:
    /stats — chỉ số hài lòng năm nay; /stats tháng, /stats quý, /stats năm, hoặc /stats TỪ_NGÀY ĐẾN_NGÀY (dd/mm/yyyy)
    /comments [SỐ_DÒNG] [MÃ_CƠ_QUAN] [KỲ] — các đánh giá không hài lòng và ý kiến góp ý, mỗi trang 5 đánh giá (tối đa 20); ví dụ: /comments 10 000.00.05.H12 tháng
    /cases [open|overdue|mine|all] — các phản ánh, kiến nghị theo hạn trả lời; trả lời bằng cách trả lời (reply) tin phản ánh hoặc /traloi SỐ nội dung; chuyển cơ quan khác: /chuyen SỐ MÃ_CƠ_QUAN lý do
    /dashboard — đường dẫn đăng nhập bảng theo dõi (dùng một lần, trong 10 phút)
    /export [KỲ] — tệp Excel của kỳ: chỉ số, phiếu đánh giá (không kèm thông tin định danh) và phản ánh, kiến nghị; KỲ như /stats
help-admin =
    Dành cho quản trị viên:
    /broadcast — gửi thông báo đến người dân (văn bản hoặc một ảnh; chọn người nhận và xem trước khi gửi)
    /broadcasts — các đợt gửi gần đây và tiến độ
    /cancel ID — dừng một đợt gửi; /cancel không kèm số sẽ hủy thông báo đang soạn
    /grant staff USER_ID [MÃ_CƠ_QUAN…] hoặc /grant admin USER_ID — cấp quyền; /revoke USER_ID — thu hồi
broadcast-ask = 📣 Hãy gửi nội dung thông báo: văn bản (giữ chữ đậm, nghiêng và liên kết) hoặc một ảnh kèm chú thích. Gửi /cancel để dừng.
broadcast-empty = Thông báo đang trống. Hãy gửi nội dung thông báo, hoặc /cancel.
broadcast-too-long = Thông báo dài { $len } ký tự; tối đa { $max } ký tự (mỗi thông báo được thêm một dòng về /notices off). Hãy rút gọn và gửi lại, hoặc /cancel.
broadcast-bad-format = Telegram sẽ không nhận định dạng này: { $detail }. Hãy gửi lại thông báo, hoặc /cancel.
broadcast-choose-audience = Gửi cho ai? Số người nhận của mỗi lựa chọn nằm trong ngoặc; người đã tắt thông báo không được tính.
broadcast-pick-group = Chọn một nhóm (số người nhận trong ngoặc), hoặc gõ, ví dụ commune:32014, agency:MÃ, procedure:MÃ, lang:km.
broadcast-audience-unknown = Tôi chưa hiểu nhóm người nhận này. Hãy bấm một nút, hoặc gõ all, commune:MÃ, agency:MÃ, procedure:MÃ hoặc lang:vi|en|km.
audience-all = Tất cả ({ $count })
audience-by-commune = Theo xã, phường
audience-by-agency = Theo cơ quan
audience-by-procedure = Theo thủ tục
audience-by-language = Theo ngôn ngữ
audience-none = Không ai trong nhóm này nhận được thông báo. Hãy chọn nhóm khác.
audience-label-all = mọi người dùng bot
audience-label-commune = người theo dõi hồ sơ tại { $name }
audience-label-agency = người theo dõi hồ sơ của { $name }
audience-label-procedure = người theo dõi hồ sơ thủ tục { $name }
audience-label-language = người dân dùng { $name }
button-back = ◀ Quay lại
button-cancel = ✖ Hủy
broadcast-to = Gửi đến: { $audience }
broadcast-send-button = 📣 Gửi cho { $count } người
broadcast-confirm =
    Trên đây là thông báo đúng như người dân sẽ thấy.
    Gửi đến: { $audience }
    Số người nhận: { $count }
    Xác nhận gửi thông báo?
broadcast-draft-cancelled = Đã hủy; chưa gửi gì.
broadcast-cancel-usage = Gửi /cancel SỐ để dừng một đợt gửi (/broadcasts liệt kê các đợt).
broadcast-cancel-done = Đã dừng đợt gửi #{ $id }: không ai nhận thêm. Gửi /broadcasts để xem bao nhiêu người đã nhận.
broadcast-cancel-not-running = Đợt gửi #{ $id } không chạy nên không có gì để dừng.
broadcast-queued = 📣 Đợt gửi #{ $id } đã vào hàng chờ cho { $total } người nhận; sẽ bắt đầu gửi trong vài giây. Tin nhắn này sẽ hiển thị tiến độ.
broadcast-progress =
    📣 Đợt gửi #{ $id }: đang gửi
    { $done } / { $total } ({ $percent }{"\u00A0"}%)
    { $rate } tin/giây, còn khoảng { $eta }
broadcast-report =
    📣 Đợt gửi #{ $id }: xong sau { $took }
    Người nhận: { $total }
    ✅ Đã nhận: { $delivered }
    🚫 Đã chặn bot hoặc rời Telegram: { $blocked }
    ⚠️ Lỗi sau nhiều lần thử: { $failed }
    ❔ Không chắc chắn (đang gửi khi máy chủ dừng): { $uncertain }
    Bỏ qua (đã tắt thông báo trong lúc gửi): { $skipped }
    Chưa gửi (đã hủy): { $cancelled }
broadcast-list-empty = Chưa có đợt gửi nào. Gửi /broadcast để bắt đầu.
broadcast-list-title = Các đợt gửi gần đây:
broadcast-list-item = #{ $id } · { $created } · { $audience } · { $state } · { $delivered }/{ $total } đã nhận
broadcast-state-queued = đang chờ
broadcast-state-sending = đang gửi
broadcast-state-finished = đã xong
broadcast-state-cancelled = đã hủy

## card
lookup-code-help = Mã hồ sơ in trên giấy tiếp nhận, có dạng { $example } (mã cơ quan - ngày nhận - số thứ tự); gõ dấu cách thay cho dấu gạch ngang cũng được. Ông/Bà cũng có thể quét mã QR trên giấy tiếp nhận để mở ngay hồ sơ.
office-note = Ghi chú của cơ quan: { $note }
rate-button = ⭐ Đánh giá
rated-button = Đã đánh giá: { $level }

## working days
lookup-due-in = ⏳ Hẹn trả { $date } (còn { $days } ngày làm việc).
lookup-awaiting-papers = 📎 Đang chờ Ông/Bà bổ sung giấy tờ từ ngày { $since }. Thời gian chờ này không tính vào thời hạn giải quyết.
lookup-awaiting-payment = 💳 Đang chờ Ông/Bà thực hiện nghĩa vụ tài chính từ ngày { $since }. Thời gian chờ này không tính vào thời hạn giải quyết.
lookup-apology = 🙏 { $agency } xin lỗi Ông/Bà vì hồ sơ chưa được giải quyết đúng hẹn. Lý do: { $reason }. Ngày hẹn trả mới: { $date }.
source-dropped = ⚠️ Hồ sơ { $code }: từ ngày { $since }, hệ thống hồ sơ của tỉnh không còn tìm thấy hồ sơ này, nên Ông/Bà sẽ không còn nhận được thông báo tự động khi hồ sơ chuyển trạng thái. Trạng thái cập nhật lần cuối: { $status }. Ông/Bà vui lòng liên hệ { $agency } để biết tình hình giải quyết hồ sơ, hoặc gửi lại mã hồ sơ để tra cứu.
delay-apology =
    🙏 Phiếu xin lỗi và hẹn lại ngày trả kết quả — hồ sơ { $code }
    { $agency } xin lỗi Ông/Bà vì hồ sơ chưa được giải quyết đúng hẹn ngày { $due }.
    Lý do: { $reason }
    Ngày hẹn trả kết quả mới: { $date }.
report-late-title = Hồ sơ trễ hạn theo cơ quan (tính theo ngày làm việc)
report-late-agency = Cơ quan
report-late-count = Trễ hạn
report-late-apologized = Đã xin lỗi
report-late-mean-days = Trễ trung bình (ngày)
report-late-max-days = Trễ nhiều nhất (ngày)
report-late-none = Không có hồ sơ trễ hạn trong khoảng thời gian này.

## xlsx
xlsx-sheet-overall = Toàn tỉnh
xlsx-sheet-agency = Theo cơ quan
xlsx-sheet-procedure = Theo thủ tục
xlsx-sheet-commune = Theo xã, phường, đặc khu
xlsx-sheet-month = Theo tháng
xlsx-sheet-channel = Theo hình thức nộp
xlsx-title = Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước
xlsx-from = Từ ngày
xlsx-to = Đến ngày
xlsx-made = Ngày lập
xlsx-open-end = Không giới hạn
xlsx-group = Nhóm
xlsx-responses = Số phiếu đánh giá
xlsx-verified-responses = Số phiếu đã xác thực
xlsx-returned = Số hồ sơ đã trả kết quả
xlsx-response-rate = Tỷ lệ phản hồi
xlsx-very-satisfied = Rất hài lòng (phiếu)
xlsx-very-satisfied-share = Rất hài lòng (tỷ lệ)
xlsx-satisfied = Hài lòng (phiếu)
xlsx-satisfied-share = Hài lòng (tỷ lệ)
xlsx-neutral = Bình thường (phiếu)
xlsx-neutral-share = Bình thường (tỷ lệ)
xlsx-not-satisfied = Không hài lòng (phiếu)
xlsx-not-satisfied-share = Không hài lòng (tỷ lệ)
xlsx-very-not-satisfied = Rất không hài lòng (phiếu)
xlsx-very-not-satisfied-share = Rất không hài lòng (tỷ lệ)
xlsx-satisfaction = Tỷ lệ hài lòng và rất hài lòng
xlsx-satisfaction-low = Cận dưới khoảng tin cậy 95%
xlsx-satisfaction-high = Cận trên khoảng tin cậy 95%
xlsx-mean-total = Điểm trung bình theo Thông tư 01
xlsx-grade = Xếp loại
xlsx-index-1 = Chỉ số 1
xlsx-index-2 = Chỉ số 2
xlsx-index-3 = Chỉ số 3
xlsx-index-4 = Chỉ số 4
xlsx-index-5 = Chỉ số 5
xlsx-index-6 = Chỉ số 6
xlsx-index-7 = Chỉ số 7
xlsx-index-8 = Chỉ số 8
xlsx-index-9 = Chỉ số 9
xlsx-small-sample = Mẫu nhỏ (dưới 30 phiếu)
xlsx-name = Tên
xlsx-verified-share = Tỷ lệ đánh giá xác thực
xlsx-d766-dossier-satisfaction = QĐ 766: Mức độ hài lòng về giải quyết hồ sơ
xlsx-d766-overdue-share = QĐ 766: Tỷ lệ hồ sơ trễ hạn
xlsx-d766-disliked-share = QĐ 766: Tỷ lệ hồ sơ bị phản ánh hoặc không hài lòng
xlsx-d766-on-time-share = QĐ 766: Tỷ lệ hồ sơ trả đúng hạn
xlsx-d766-late-apologized-share = QĐ 766: Tỷ lệ hồ sơ trễ hạn có văn bản xin lỗi
xlsx-indices-measured = Số chỉ số TT 01 đo được (trên 9)
xlsx-yes = Có
xlsx-no = Không

## index
stats-period-reversed = Ngày bắt đầu phải trước ngày kết thúc. Vui lòng nhập ngày sớm hơn trước, ví dụ: /stats 01/01/2026 31/03/2026
stats-headline =
    📊 Ý kiến của người dân về hồ sơ trả kết quả từ { $from } đến { $to }
    Số đánh giá: { $responses } ({ $verified } đánh giá xác thực qua mã QR, chiếm { $verified_share }) trên { $returned } hồ sơ đã trả kết quả; tỷ lệ phản hồi { $rate }
    Hài lòng và rất hài lòng: { $satisfaction } (khoảng tin cậy 95{"\u00A0"}%: { $interval })
stats-counted-verified = Chỉ số chỉ tính { $counted } đánh giá đã xác thực.
stats-level = • { $level }: { $count } ({ $share })
stats-766 =
    Nhóm chỉ tiêu sự hài lòng (Quyết định 766/QĐ-TTg):
    • Mức độ hài lòng về giải quyết hồ sơ: { $satisfaction } (mục tiêu { $target })
    • Hồ sơ trả đúng hạn: { $on_time }; trễ hạn có văn bản xin lỗi: { $apologized }
    • Phản ánh, kiến nghị được xử lý đúng hạn: { $feedback_on_time } (trên { $feedback_due } phản ánh đến hạn); mức độ hài lòng về xử lý phản ánh, kiến nghị: { $feedback_satisfaction } (trên { $feedback_first_time } phản ánh lần đầu)
stats-circular-01-total = Thông tư 01/2018: tổng điểm { $total }/18, xếp loại { $grade }
stats-circular-01-partial = Thông tư 01/2018: đo được { $measured }/9 chỉ số, điểm trung bình { $mean }/2; chưa đủ 9 chỉ số nên không tính tổng điểm và không xếp loại
stats-no-data = chưa có dữ liệu

## chart
chart-levels = Tỷ lệ từng mức đánh giá
chart-no-data = Không có dữ liệu trong kỳ này
chart-percent = { $value }{"\u00A0"}%
chart-month = T{ $month }/{ $year }

## comments
comments-usage = Cú pháp: /comments [số đánh giá mỗi trang, từ 1 đến 20] [mã cơ quan] [kỳ: tháng, quý, năm hoặc TỪ_NGÀY ĐẾN_NGÀY dạng dd/mm/yyyy]. Ví dụ: /comments 10 000.00.05.H12 tháng
comments-period-reversed = Ngày bắt đầu phải trước ngày kết thúc. Ví dụ: /comments 01/01/2026 31/03/2026
comments-agency-unknown = Không có cơ quan mang mã này trong phạm vi được xem.
comments-period = Đánh giá từ { $from } đến { $to }
comments-agency = Cơ quan: { $agency }
comments-entry =
    • { $date } · { $agency } · { $level }
      Hồ sơ { $code } · { $procedure }
comments-went-badly = Chưa hài lòng về: { $chips }
comments-went-well = Hài lòng về: { $chips }
comments-comment = Ý kiến: “{ $comment }”
comments-newer = ‹ Trang trước
comments-older = Trang sau ›
## cases
command-feedback = Góp ý, phản ánh, kiến nghị
command-cases = Phản ánh, kiến nghị cần xử lý
case-feedback-button = ✉️ Góp ý
case-offer = Ông/Bà có muốn cơ quan liên hệ và trả lời không?
case-ask-subject = Ông/Bà muốn góp ý về việc gì? Chọn một hồ sơ đang theo dõi, một cơ quan, một thủ tục hoặc việc chung của tỉnh.
case-subject-agency = 🏢 Một cơ quan
case-subject-procedure = 📄 Một thủ tục
case-subject-province = 🏛 Việc chung của tỉnh
case-ask-agency = Ông/Bà chọn cơ quan:
case-ask-procedure = Ông/Bà chọn thủ tục:
case-pick-hint = Hoặc gõ một phần tên (có dấu hay không dấu đều được, ví dụ «dam doi») hoặc mã để tìm.
case-pick-page = Trang { $page }/{ $pages }
case-pick-previous = ‹ Trang trước
case-pick-next = Trang sau ›
case-pick-found = Tìm thấy { $count } kết quả cho «{ $query }»:
case-pick-none = Không tìm thấy kết quả nào cho «{ $query }». Ông/Bà thử gõ từ khác, hoặc chọn trong danh sách dưới đây.
case-pick-all = 📋 Xem toàn bộ danh sách
case-ask-kind = Nội dung góp ý thuộc loại nào?
case-kind-delay = ⏰ Chậm trễ
case-kind-attitude = 😠 Thái độ, nhũng nhiễu
case-kind-papers = 📑 Yêu cầu giấy tờ ngoài quy định
case-kind-proposal = 💡 Kiến nghị
case-kind-other = 💬 Khác
case-ask-text = Ông/Bà vui lòng viết nội dung góp ý (tối đa { $max } ký tự).
case-text-invalid = Nội dung cần có từ 1 đến { $max } ký tự. Ông/Bà vui lòng viết lại.
case-ask-photos = Ông/Bà có thể gửi kèm tối đa { $max } ảnh (đã nhận { $count }), hoặc bấm «Tiếp tục».
case-next = Tiếp tục ➡️
case-confirm =
    Ông/Bà kiểm tra lại trước khi gửi:
    Về: { $about }
    Loại: { $kind }
    Nội dung: { $body }
    Số ảnh: { $photos }
case-publish-off = ☐ Đồng ý công khai câu hỏi và trả lời (không kèm danh tính)
case-publish-on = ☑️ Đồng ý công khai câu hỏi và trả lời (không kèm danh tính)
case-send = ✅ Gửi
case-cancel = ✖️ Huỷ
case-cancelled = Đã huỷ góp ý.
case-use-buttons = Ông/Bà vui lòng chọn bằng các nút của tin nhắn phía trên, hoặc bấm «Huỷ».
case-sent = Đã tiếp nhận phản ánh số { $number }. Cơ quan sẽ trả lời Ông/Bà chậm nhất ngày { $due }.
case-too-many-open = Ông/Bà đang có { $max } phản ánh chưa được trả lời. Vui lòng chờ trả lời hoặc rút bớt (/gopy) trước khi gửi phản ánh mới.
case-list-title = Phản ánh, kiến nghị của Ông/Bà:
case-list-line = • { $number }: { $state }, hạn trả lời { $day }
case-list-line-answered = • { $number }: { $state }, ngày trả lời { $day }
case-list-line-ended = • { $number }: { $state }
case-list-earlier = … và { $count } phản ánh đã kết thúc trước đó: /mydata liệt kê đủ.
case-new = ➕ Góp ý mới
case-withdraw = Rút { $number }
case-read = 📬 Xem trả lời { $number }
case-withdrawn = Đã rút phản ánh { $number }.
case-state-received = đã tiếp nhận
case-state-acknowledged = đang xử lý
case-state-forwarded = đã chuyển cơ quan khác
case-state-answered = đã trả lời
case-state-reopened = mở lại
case-state-closed = đã kết thúc
case-state-withdrawn = đã rút
case-answer-to-citizen =
    📬 { $agency } trả lời phản ánh { $number }:
    
    { $answer }
    
    Ông/Bà có hài lòng với câu trả lời không?
case-satisfied = 👍 Hài lòng
case-not-satisfied = 👎 Không hài lòng
case-closed-thanks = Cảm ơn Ông/Bà. Phản ánh { $number } đã kết thúc.
case-ask-reason = Ông/Bà vui lòng cho biết vì sao chưa hài lòng (không bắt buộc), hoặc bấm «Bỏ qua».
case-skip = Bỏ qua
case-reopened = Phản ánh { $number } được mở lại. Cơ quan sẽ trả lời lại Ông/Bà chậm nhất ngày { $due }.
case-not-now = Phản ánh này đã được xử lý, không có gì thay đổi.
case-not-now-state = Phản ánh { $number } { $state }, không có gì thay đổi.
case-take-before-forward = Phản ánh { $number } đã được chuyển đến cơ quan mình nhưng chưa được nhận xử lý. Vui lòng bấm «Nhận xử lý» trước khi chuyển cơ quan khác.
case-province = UBND tỉnh { $province }
case-staff-card =
    📨 Phản ánh { $number } ({ $state })
    Người dân #{ $citizen } · { $kind }
    Về: { $about }
    Cơ quan xử lý: { $holder }
    Hạn trả lời: { $due }
    
    { $body }
    
case-staff-khmer = 🇰🇭 Người dân viết bằng tiếng Khmer: vui lòng trả lời bằng tiếng Khmer.
case-staff-forwarded-note = ↪️ Được chuyển đến, lý do: { $note }
case-staff-reopened-note = ↩️ Người dân chưa hài lòng với trả lời trước, lý do: { $note }
case-staff-photos = 📷 { $count } ảnh kèm theo (ở trên).
case-staff-publish = Người dân đồng ý công khai câu hỏi và trả lời (không kèm danh tính).
case-staff-hint = Trả lời: trả lời (reply) tin nhắn này, hoặc gõ /traloi { $number } nội dung.
case-take = Nhận xử lý
case-forward = Chuyển cơ quan khác
case-answer-button = Trả lời
case-taken = Đã nhận xử lý { $number }.
case-forward-how =
    Để chuyển { $number }, gõ: /chuyen { $number } <mã cơ quan> <lý do>
    Các cơ quan:
    { $agencies }
case-answer-how = Để trả lời { $number }: trả lời (reply) tin nhắn của phản ánh, hoặc gõ /traloi { $number } nội dung.
case-answered = Đã gửi trả lời phản ánh { $number } đến người dân.
case-forwarded = Đã chuyển phản ánh { $number } đến { $agency }.
case-forward-usage = Cách dùng: /chuyen <số phản ánh> <mã cơ quan> <lý do>, ví dụ: /chuyen PA-261126-0001 000.00.05.H12 Không thuộc thẩm quyền
case-answer-usage = Cách dùng: /traloi <số phản ánh> <nội dung>, ví dụ: /traloi PA-261126-0001 Hồ sơ đã được giải quyết.
case-unknown-agency = Không có cơ quan mã { $code }.
case-not-found = Không tìm thấy phản ánh { $number }.
cases-title = Phản ánh, kiến nghị { $which ->
        [overdue] quá hạn
        [mine] của tôi
        [all] (tất cả)
       *[open] đang giải quyết
    }: { $count }
cases-none = Không có phản ánh nào.
cases-line = • { $number } · { $state } · hạn { $due } · { $agency }
cases-overdue-mark = ⚠️ quá hạn
cases-held-mark = ⏸ tạm giữ để xem xét
cases-khmer-mark = 🇰🇭 tiếng Khmer
cases-usage = Cách dùng: /cases [open|overdue|mine|all] (đang giải quyết, quá hạn, của tôi, tất cả)
case-forward-reason = Vui lòng nhập lý do chuyển phản ánh { $number } đến { $agency }:
## cases-jobs
case-remind-half-time = ⏰ Nhắc việc: phản ánh, kiến nghị { $number } đã quá nửa thời hạn giải quyết. Hạn trả lời: { $due }. Cơ quan xử lý: { $agency }.
case-remind-last-day = ⏰ Hôm nay, ngày { $due }, là hạn cuối trả lời phản ánh, kiến nghị { $number }. Cơ quan xử lý: { $agency }.
case-escalated = 🚨 Phản ánh, kiến nghị { $number } đã quá hạn trả lời (hạn { $due }) mà chưa được trả lời. Cơ quan xử lý: { $agency }.
case-intake = Bộ phận tiếp nhận phản ánh, kiến nghị của tỉnh
xlsx-d766-feedback-on-time = QĐ 766: Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn
xlsx-d766-feedback-satisfaction = QĐ 766: Mức độ hài lòng về xử lý phản ánh, kiến nghị
xlsx-d766-feedback-due = Số phản ánh, kiến nghị đến hạn trả lời
xlsx-d766-feedback-first-time = Số phản ánh, kiến nghị lần đầu
xlsx-sheet-cases = Phản ánh, kiến nghị
xlsx-cases-title = Danh sách phản ánh, kiến nghị
xlsx-case-number = Số phản ánh
xlsx-case-opened = Ngày tiếp nhận
xlsx-case-citizen = Người dân
xlsx-case-subject = Nội dung liên quan đến
xlsx-case-kind = Loại phản ánh
xlsx-case-agency = Cơ quan xử lý
xlsx-case-procedure = Thủ tục
xlsx-case-dossier = Mã hồ sơ
xlsx-case-language = Ngôn ngữ
xlsx-case-state = Trạng thái
xlsx-case-due = Hạn trả lời
xlsx-case-answered = Ngày trả lời
xlsx-case-on-time = Trả lời đúng hạn
xlsx-case-rating = Đánh giá của người dân
xlsx-case-reopened = Đã mở lại
xlsx-case-body = Nội dung phản ánh
xlsx-case-answer = Nội dung trả lời
## operations
lookup-busy = Hệ thống đang nhận quá nhiều yêu cầu tra cứu mã hồ sơ không có trong dữ liệu. Ông/Bà vui lòng kiểm tra lại mã trên giấy tiếp nhận và thử lại sau ít phút.
broadcast-estimate = ⏱ Thời gian gửi dự kiến: { $took } ({ $rate } tin/giây).
broadcast-estimate-paid =
    ⏱ Thời gian gửi dự kiến: { $took } ({ $rate } tin/giây, gửi trả phí).
    💫 Chi phí dự kiến: tối đa { $stars } Telegram Stars (0,1 Star mỗi tin), trừ vào số dư của bot.
## dashboard
command-dashboard = Đăng nhập bảng theo dõi trên web (cán bộ)
dashboard-link = 🔐 Đường liên kết đăng nhập bảng theo dõi (có hiệu lực { $minutes } phút, chỉ dùng được một lần, không chuyển cho người khác):
    { $url }
dashboard-title = Bảng theo dõi mức độ hài lòng của người dân
dashboard-login-title = Đăng nhập bảng theo dõi
dashboard-login-how = Để đăng nhập, vui lòng gửi lệnh /dashboard cho bot Telegram của tỉnh. Bot sẽ gửi một đường liên kết có hiệu lực 10 phút và chỉ dùng được một lần.
dashboard-login-open = Mở @{ $bot } trên Telegram để nhận đường liên kết
dashboard-logged-in = Đã đăng nhập. Mở bảng theo dõi
dashboard-logout = Đăng xuất
dashboard-bad-date = Bộ lọc “{ $field }” có giá trị “{ $value }” không phải là ngày. Vui lòng ghi ngày theo dạng dd/mm/yyyy, ví dụ 01/11/2026.
dashboard-bad-order = Ngày bắt đầu ({ $from }) sau ngày kết thúc ({ $to }). Vui lòng chọn ngày bắt đầu không sau ngày kết thúc.
dashboard-bad-choice = Bộ lọc “{ $field }” không có giá trị “{ $value }”. Vui lòng chọn một trong các giá trị: { $choices }.
dashboard-bad-code = Bộ lọc “{ $field }” có giá trị “{ $value }” không phải là mã hợp lệ. Vui lòng ghi mã chỉ gồm chữ cái, chữ số, dấu chấm, dấu gạch ngang hoặc dấu gạch dưới, tối đa 64 ký tự.
dashboard-bad-filter-back = Xem bảng theo dõi không kèm bộ lọc
dashboard-shown = Hồ sơ trả kết quả từ ngày { $from } đến ngày { $to }
dashboard-scope-all = Tất cả cơ quan
dashboard-scope = Cơ quan: { $agencies }
dashboard-export-csv = Tải về CSV
dashboard-export-xlsx = Tải về Excel (XLSX)
dashboard-no-data = Chưa có dữ liệu cho lựa chọn này.
dashboard-period = Kỳ
dashboard-period-year = Năm nay
dashboard-period-quarter = Quý này
dashboard-period-month = Tháng này
dashboard-period-days = Từ ngày đến ngày
dashboard-agency = Cơ quan
dashboard-procedure = Mã thủ tục
dashboard-commune = Mã xã, phường, đặc khu
dashboard-channel = Hình thức nộp
dashboard-all = Tất cả
dashboard-by = Bảng theo
dashboard-verified-only = Chỉ đánh giá đã xác thực
dashboard-apply = Xem
dashboard-interval = Khoảng tin cậy 95{"\u00A0"}%
dashboard-counted = Số đánh giá được tính
dashboard-766 = Mức độ hài lòng về giải quyết hồ sơ (QĐ{"\u00A0"}766/QĐ{"\u2011"}TTg)
dashboard-target = Mục tiêu: { $target }
dashboard-levels = Tỷ lệ theo mức độ hài lòng
dashboard-trend = Tỷ lệ hài lòng theo tháng (khoảng tin cậy 95{"\u00A0"}%)
dashboard-sort-hint = Bấm vào tiêu đề cột để sắp xếp.
dashboard-questions = Phân bố câu trả lời theo từng câu hỏi
dashboard-question-overall = Mức độ hài lòng chung
dashboard-question-convenience = Sự thuận tiện
dashboard-question-attitude = Thái độ của công chức
dashboard-question-agencies = Số nơi phải đến
dashboard-comments = Ý kiến mới nhất kèm đánh giá không hài lòng
dashboard-comments-none = Chưa có đánh giá không hài lòng.
dashboard-no-comment = (không có ý kiến)

## citizens' data and roles
command-mydata = Xem dữ liệu Hailong lưu về Ông/Bà
command-forget = Xoá dữ liệu của Ông/Bà
mydata-title = Dữ liệu Hailong lưu về Ông/Bà. Hailong không lưu tên, số điện thoại hay tên người dùng Telegram của Ông/Bà.
mydata-language = Ngôn ngữ: { $language }
mydata-language-auto = theo ứng dụng Telegram (chưa chọn bằng /language)
mydata-first-seen = Lần đầu trò chuyện với Hailong: { $date }
mydata-follows = Hồ sơ Ông/Bà theo dõi ({ $count }):
mydata-responses = Đánh giá của Ông/Bà ({ $count }):
mydata-cases = Phản ánh, kiến nghị của Ông/Bà ({ $count }):
mydata-none = (không có)
mydata-footer = Gửi /forget để xoá dữ liệu này. Các đánh giá và phản ánh vẫn được tính vào chỉ số hài lòng nhưng không còn gắn với Ông/Bà. Nội dung góp ý được tự động xoá sau thời hạn lưu trữ.
forget-ask = Ông/Bà có chắc muốn xoá dữ liệu của mình không? Hailong sẽ xoá ngôn ngữ đã chọn, các hồ sơ đang theo dõi, lựa chọn nhận thông báo và mọi liên kết giữa tài khoản Telegram của Ông/Bà với các đánh giá, phản ánh. Các đánh giá vẫn được tính vào chỉ số nhưng không còn gắn với Ông/Bà. Không thể hoàn tác.
forget-open-cases = Lưu ý: { $count } phản ánh đang mở của Ông/Bà sẽ được rút lại trước khi xoá, và sẽ không có câu trả lời gửi tới Ông/Bà.
forget-confirm-button = 🗑 Xoá dữ liệu của tôi
forget-keep-button = Không, giữ lại
forget-done = Đã xoá dữ liệu của Ông/Bà. Nếu Ông/Bà nhắn tin lại, Hailong sẽ coi như lần đầu trò chuyện.
forget-kept = Dữ liệu của Ông/Bà được giữ nguyên.
grant-usage = Cách dùng: /grant staff USER_ID [MÃ_CƠ_QUAN…] (không ghi mã: mọi cơ quan) hoặc /grant admin USER_ID.
grant-unknown-agency = Không có cơ quan mã { $code }. Chưa cấp quyền.
grant-done-admin = Đã cấp quyền quản trị cho { $user }.
grant-done-staff = Đã cấp quyền cán bộ cho { $user }, xem số liệu của mọi cơ quan.
grant-done-staff-agencies = Đã cấp quyền cán bộ cho { $user }, xem số liệu của: { $agencies }.
revoke-usage = Cách dùng: /revoke USER_ID
revoke-done = Đã thu hồi quyền của { $user }.
revoke-none = { $user } không có quyền nào được cấp qua Hailong.
role-in-configuration = Quyền của { $user } được đặt trong tệp cấu hình ([roles]); hãy sửa ở đó.
role-granted-staff = 🔑 Tài khoản này đã được cấp quyền cán bộ, xem số liệu của mọi cơ quan. Các lệnh mới cũng có trong menu lệnh.
role-granted-staff-agencies = 🔑 Tài khoản này đã được cấp quyền cán bộ, xem số liệu của: { $agencies }. Các lệnh mới cũng có trong menu lệnh.
role-granted-admin = 🔑 Tài khoản này đã được cấp quyền quản trị. Các lệnh mới cũng có trong menu lệnh.
role-revoked = Quyền cán bộ, quản trị của tài khoản này đã được thu hồi. Menu lệnh nay chỉ còn các lệnh dành cho người dân.
command-grant = Cấp quyền cán bộ hoặc quản trị
command-revoke = Thu hồi quyền đã cấp
xlsx-sheet-responses = Phiếu đánh giá
xlsx-responses-title = Danh sách phiếu đánh giá mức độ hài lòng (không kèm thông tin định danh người dân)
xlsx-response-day = Ngày trả kết quả
xlsx-response-agency-code = Mã cơ quan
xlsx-response-agency = Cơ quan
xlsx-response-procedure-code = Mã thủ tục
xlsx-response-procedure = Thủ tục
xlsx-response-commune = Mã xã, phường
xlsx-response-channel = Hình thức nộp
xlsx-response-verified = Đã xác thực qua biên nhận
xlsx-response-overall = Mức độ hài lòng chung
xlsx-response-convenience = Sự thuận tiện
xlsx-response-attitude = Thái độ của công chức
xlsx-response-agencies = Số nơi phải đến
xlsx-response-went-well = Điều hài lòng
xlsx-response-went-badly = Điều chưa hài lòng
xlsx-response-comment = Ý kiến góp ý
command-export = Tải báo cáo Excel của kỳ (cán bộ)
export-usage = Cách dùng: /export (năm nay), /export tháng, /export quý, /export năm, hoặc /export TỪ_NGÀY ĐẾN_NGÀY, ví dụ /export 01/01/2026 31/03/2026
export-period-reversed = Ngày bắt đầu phải trước ngày kết thúc. Vui lòng nhập ngày sớm hơn trước, ví dụ: /export 01/01/2026 31/03/2026
export-caption = 📎 Báo cáo chỉ số hài lòng từ { $from } đến { $to }: chỉ số, phiếu đánh giá (không kèm thông tin định danh) và phản ánh, kiến nghị.
export-too-large = Tệp báo cáo có dung lượng { $size } MB, vượt giới hạn { $limit } MB mà Telegram cho phép gửi. Vui lòng chọn khoảng thời gian ngắn hơn (ví dụ /export tháng) hoặc tải báo cáo trên trang theo dõi (/dashboard).
dashboard-export-index = Chỉ số hài lòng
dashboard-export-responses = Phiếu đánh giá (không kèm thông tin định danh)
dashboard-export-cases = Phản ánh, kiến nghị
dashboard-cases = Phản ánh, kiến nghị đang mở và quá hạn
dashboard-cases-none = Không có phản ánh nào đang mở.
dashboard-case-overdue = Quá hạn
dashboard-case-title = Phản ánh { $number }
dashboard-case-not-found = Không tìm thấy phản ánh này trong phạm vi được xem.
dashboard-case-back = ← Quay lại bảng theo dõi
dashboard-case-history = Quá trình xử lý
dashboard-history-at = Thời gian
dashboard-history-who = Người thực hiện
dashboard-history-state = Trạng thái
dashboard-history-note = Ghi chú
dashboard-actor-citizen = Người dân
dashboard-actor-staff = Cán bộ
dashboard-actor-admin = Quản trị viên
dashboard-actor-system = Hệ thống (theo dõi hạn)
dashboard-history-event = Việc
case-event-open = Người dân gửi phản ánh
case-event-take = Nhận xử lý
case-event-forward = Chuyển cơ quan khác
case-event-answer = Trả lời
case-event-rated-satisfied = Người dân hài lòng với câu trả lời
case-event-rated-not-satisfied = Người dân chưa hài lòng, mở lại
case-event-withdraw = Người dân rút phản ánh
case-event-close-unrated = Đóng vì người dân không đánh giá
case-event-remind-half-time = Nhắc: đã quá nửa thời hạn
case-event-remind-last-day = Nhắc: hôm nay là ngày cuối của hạn
case-event-escalate = Đã quá hạn trả lời
