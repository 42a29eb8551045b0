//! Slash commands, as people type them: `/start`, `/help@hailong_bot`, any case.

use crate::domain::{DossierCode, Role};
use crate::i18n::Key;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// With the deep-link payload, if any.
    Start(Option<String>),
    Help,
    Language,
    /// With the code typed after it, if any.
    Status(Option<String>),
    /// With the code typed after it, if any.
    Rate(Option<String>),
    /// With the period typed after it, if any.
    Stats(Option<String>),
    /// With its page size, agency and period, if given.
    Comments(Option<String>),
    /// With `on` or `off`, if given.
    Notices(Option<String>),
    Broadcast,
    Broadcasts,
    /// With the broadcast's id, if given.
    Cancel(Option<String>),
    /// `/gopy` or `/feedback`: a citizen's cases, or a new one.
    Feedback,
    /// `/cases [open|overdue|mine|all]`, for staff.
    Cases(Option<String>),
    /// `/traloi CASE text`: staff answer a case.
    AnswerCase(Option<String>),
    /// `/chuyen CASE AGENCY reason`: staff forward a case.
    ForwardCase(Option<String>),
    Dashboard,
    /// `/export [period]`: the period's workbook, for staff.
    Export(Option<String>),
    /// `/mydata`: what is kept about the citizen.
    MyData,
    /// `/forget`: erase it, after a confirmation.
    Forget,
    /// `/grant staff|admin USER_ID [AGENCY…]`, for admins.
    Grant(Option<String>),
    /// `/revoke USER_ID`, for admins.
    Revoke(Option<String>),
    Unknown,
}

/// The payload of the dashboard's login page link (`t.me/BOT?start=…`):
/// Telegram sends it as `/start dashboard`, which asks for a login link as
/// `/dashboard` does. A dossier's signed payload is never this word.
pub const DASHBOARD_PAYLOAD: &str = "dashboard";

/// The command in `text`, if it is one meant for this bot.
pub fn parse(text: &str, bot_username: &str) -> Option<Command> {
    let rest = text.trim_start().strip_prefix('/')?;
    let (word, argument) = match rest.split_once(char::is_whitespace) {
        Some((word, argument)) => (word, Some(argument.trim()).filter(|a| !a.is_empty())),
        None => (rest, None),
    };
    if word.is_empty() {
        return None;
    }
    let (name, target) = match word.split_once('@') {
        Some((name, target)) => (name, Some(target)),
        None => (word, None),
    };
    if target.is_some_and(|t| !t.eq_ignore_ascii_case(bot_username)) {
        return None;
    }
    let argument = argument.map(str::to_owned);
    Some(match name.to_ascii_lowercase().as_str() {
        "start" if argument.as_deref() == Some(DASHBOARD_PAYLOAD) => Command::Dashboard,
        "start" => Command::Start(argument),
        "help" => Command::Help,
        "language" | "lang" => Command::Language,
        "status" => Command::Status(argument),
        "rate" => Command::Rate(argument),
        "stats" => Command::Stats(argument),
        "comments" => Command::Comments(argument),
        "notices" => Command::Notices(argument),
        "broadcast" => Command::Broadcast,
        "broadcasts" => Command::Broadcasts,
        "cancel" => Command::Cancel(argument),
        "gopy" | "feedback" => Command::Feedback,
        "cases" => Command::Cases(argument),
        "traloi" => Command::AnswerCase(argument),
        "chuyen" => Command::ForwardCase(argument),
        "dashboard" => Command::Dashboard,
        "export" => Command::Export(argument),
        "mydata" => Command::MyData,
        "forget" => Command::Forget,
        "grant" => Command::Grant(argument),
        "revoke" => Command::Revoke(argument),
        _ => Command::Unknown,
    })
}

/// Whose command menu: Telegram shows each its own list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Menu {
    Citizen,
    Staff,
    Admin,
}

impl Menu {
    /// The menu of whoever has `role`.
    pub fn of(role: &Role) -> Self {
        match role {
            Role::Citizen => Self::Citizen,
            Role::Staff(_) => Self::Staff,
            Role::Admin => Self::Admin,
        }
    }

    /// The sections of `/help` this menu's commands are explained in:
    /// everyone's, then what staff read, then what admins send.
    pub fn help(self) -> &'static [Key] {
        match self {
            Self::Citizen => &[Key::Help],
            Self::Staff => &[Key::Help, Key::HelpStaff],
            Self::Admin => &[Key::Help, Key::HelpStaff, Key::HelpAdmin],
        }
    }
}

/// The commands a menu lists, by name with the key of their description:
/// what every citizen has, then what staff read, then what admins send.
pub fn menu(which: Menu) -> Vec<(&'static str, Key)> {
    let mut commands = vec![
        ("start", Key::CommandStart),
        ("status", Key::CommandStatus),
        ("rate", Key::CommandRate),
        ("gopy", Key::CommandFeedback),
        ("language", Key::CommandLanguage),
        ("notices", Key::CommandNotices),
        ("mydata", Key::CommandMydata),
        ("forget", Key::CommandForget),
        ("help", Key::CommandHelp),
    ];
    if which != Menu::Citizen {
        commands.extend([
            ("stats", Key::CommandStats),
            ("comments", Key::CommandComments),
            ("cases", Key::CommandCases),
            ("dashboard", Key::CommandDashboard),
            ("export", Key::CommandExport),
        ]);
    }
    if which == Menu::Admin {
        commands.extend([
            ("broadcast", Key::CommandBroadcast),
            ("broadcasts", Key::CommandBroadcasts),
            ("grant", Key::CommandGrant),
            ("revoke", Key::CommandRevoke),
        ]);
    }
    commands
}

/// In a group: a command or a mention aimed at this bot by name.
pub fn addresses_bot(text: &str, bot_username: &str) -> bool {
    let mention = format!("@{}", bot_username.to_ascii_lowercase());
    text.to_lowercase().contains(&mention)
}

/// Plain text that looks like an attempt at a dossier code: one word with a
/// digit, or a code typed with spaces for its dashes.
pub fn looks_like_code(text: &str) -> bool {
    let text = text.trim();
    let one_word = !text.is_empty()
        && !text.contains(char::is_whitespace)
        && text.contains(|c: char| c.is_ascii_digit());
    one_word || (text.contains(char::is_whitespace) && DossierCode::parse(text).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_commands_in_any_case_and_with_the_bots_name() {
        assert_eq!(parse("/start", "hl_bot"), Some(Command::Start(None)));
        assert_eq!(parse("  /HELP extra", "hl_bot"), Some(Command::Help));
        assert_eq!(parse("/language@HL_bot", "hl_bot"), Some(Command::Language));
        assert_eq!(parse("/frobnicate", "hl_bot"), Some(Command::Unknown));
        assert_eq!(parse("/feedback", "hl_bot"), Some(Command::Feedback));
        assert_eq!(
            parse("/traloi PA-261126-0001 Đã xử lý", "hl_bot"),
            Some(Command::AnswerCase(Some("PA-261126-0001 Đã xử lý".into())))
        );
    }

    #[test]
    fn keeps_the_argument() {
        assert_eq!(
            parse("/start abc_DEF-1", "hl_bot"),
            Some(Command::Start(Some("abc_DEF-1".into())))
        );
        assert_eq!(
            parse("/status   a-1.b  ", "hl_bot"),
            Some(Command::Status(Some("a-1.b".into())))
        );
        assert_eq!(parse("/status", "hl_bot"), Some(Command::Status(None)));
    }

    #[test]
    fn ignores_commands_for_other_bots_and_plain_text() {
        assert_eq!(
            parse("/start dashboard", "hl_bot"),
            Some(Command::Dashboard)
        );
        assert_eq!(parse("/start@other_bot", "hl_bot"), None);
        assert_eq!(parse("hello /start", "hl_bot"), None);
        assert_eq!(parse("/", "hl_bot"), None);
    }

    #[test]
    fn a_group_message_addresses_the_bot_by_mention() {
        assert!(addresses_bot("/start@HL_bot", "hl_bot"));
        assert!(addresses_bot("hỏi @hl_bot giúp", "hl_bot"));
        assert!(!addresses_bot("/start", "hl_bot"));
        assert!(!addresses_bot("xin chào", "hl_bot"));
    }

    #[test]
    fn codes_are_single_words_with_a_digit() {
        assert!(looks_like_code(" 000.00.15.h12-211125-0001 "));
        assert!(looks_like_code("abc/1"));
        assert!(!looks_like_code("hello"));
        assert!(!looks_like_code("hồ sơ 123"));
        assert!(!looks_like_code("hồ sơ của tôi đến đâu rồi?"));
    }

    #[test]
    fn a_code_typed_with_spaces_looks_like_one() {
        assert!(looks_like_code("000.00.35.H12 260827 0006"));
    }
}
