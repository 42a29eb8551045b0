# Tiếng Việt — ngôn ngữ mặc định của Hailong.

start =
    Xin chào! Tôi là Hailong, trợ lý hành chính công của tỉnh { $province }.
    • Gửi mã hồ sơ in trên giấy tiếp nhận để xem tình trạng giải quyết và nhận tin báo mỗi khi hồ sơ thay đổi.
    • Khi nhận kết quả, bạn đánh giá mức độ hài lòng chỉ với vài lần chạm.
    Gõ /help để xem hướng dẫn, /language để đổi ngôn ngữ.
help =
    Tôi có thể giúp bạn:
    /start — giới thiệu
    /help — hướng dẫn này
    /language — đổi ngôn ngữ (Tiếng Việt, English, ភាសាខ្មែរ)
    Dữ liệu của bạn: tôi chỉ lưu mã người dùng Telegram và ngôn ngữ bạn chọn, không lưu tên hay số điện thoại.
language-prompt = Chọn ngôn ngữ bạn muốn dùng:
language-changed = Đã chuyển sang tiếng Việt.
not-understood = Tôi chưa hiểu tin nhắn này. Gõ /help để xem tôi có thể giúp gì.
unknown-command = Tôi không biết lệnh này. Gõ /help để xem các lệnh có thể dùng.
media-unsupported = Tôi chỉ đọc được tin nhắn chữ. Hãy gõ nội dung bạn cần, hoặc /help để xem hướng dẫn.
edited-unsupported = Tôi không đọc tin nhắn đã sửa. Vui lòng gửi lại thành một tin nhắn mới.
group-private-only = Để giữ kín thông tin hồ sơ của bạn, tôi chỉ trò chuyện riêng. Hãy nhắn cho tôi tại t.me/{ $bot }
button-expired = Nút này không còn hiệu lực.
error-apology = Xin lỗi, tôi gặp sự cố khi xử lý tin nhắn này. Vui lòng thử lại sau ít phút.
command-start = Giới thiệu và bắt đầu
command-help = Hướng dẫn sử dụng
command-language = Đổi ngôn ngữ
